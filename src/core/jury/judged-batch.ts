import {countWithheld, type WithheldCounts} from './withheld.js'
import type {RepeatRange} from './repeats.js'
import type {BatchManifest, GradingRecord, Split} from '../batch/manifest.js'
import type {Thinking} from '../prepare/request.js'

/**
 * What a judge batch judged, written by `bench results` on every line of a judge batch's results
 * (`judge_of`), so that a judge file says what it is wherever it is copied: identity never
 * depends on a file name. Who judged is the line's own `provider` and `model`.
 */
export interface JudgedBatch {
  /** The prediction batch's name. */
  batch: string
  provider: string
  model: string
  split: Split
  hints: number
  thinking?: Thinking
  /** Predictions the judges did not see (refused, blocked, truncated), counted incorrect. */
  withheld: WithheldCounts
  /** A rubric jury's batch (`bench jury --rubric`): its criteria and repeats. */
  grading?: GradingRecord
  /** A Layton judge batch asking repeats (`bench jury --repeats`): which; absent when only the first. */
  repeats?: RepeatRange
}

/** The `judge_of` of a judge batch's results lines; undefined for other batches. */
export function judgedBatch(manifest: BatchManifest): JudgedBatch | undefined {
  const of = manifest.judge_of
  if (manifest.kind !== 'judge' || of === undefined) return undefined
  return {
    batch: of.batch,
    provider: of.provider,
    model: of.model,
    split: of.split ?? manifest.dataset.split,
    hints: of.hints ?? manifest.hints,
    ...(of.thinking !== undefined && {thinking: of.thinking}),
    withheld: countWithheld(of.withheld ?? {refusal: [], safety: [], recitation: [], truncated: []}),
    ...(manifest.grading !== undefined && {grading: manifest.grading}),
    ...(of.repeats !== undefined && {repeats: of.repeats}),
  }
}
