import {basename, extname} from 'node:path'

import type {Candidate} from './candidates.js'
import type {LabelledSet} from './labels.js'
import {fetchBatchStatus, type BatchView} from '../batch/batch-status.js'
import {listManifests, readManifest, type BatchManifest} from '../batch/manifest.js'
import {sanitizeModel} from '../batch/naming.js'
import {startBatches} from '../batch/start.js'
import {TERMINAL_STATES} from '../batch/status.js'
import {UserError} from '../errors.js'
import {stageMissingRepeats} from '../jury/repeat-batches.js'
import {repeatedRequests} from '../jury/repeats.js'
import {guardSending, type SpendingLimit, type SpendingPlan} from '../pricing/spending-guard.js'
import {oneAtATime, stageBatch} from '../prepare/stage-batch.js'
import {collectResults} from '../results/collect-results.js'
import {buildRubricRequest} from '../rubric/rubric-request.js'
import type {Criterion} from '../rubric/rubric.js'
import {pollDelaySeconds, waitForBatches, type PollPace} from '../run/wait-for-batches.js'
import {answersPath} from '../../providers/openai-compatible/answers.js'

/** The one field a candidate judge answers: is the labelled answer correct? */
export const CORRECT = 'correct'

/** A candidate's batches: the first holds repeats 1 to N, later ones only the repeats added. */
export interface CandidateBatches {
  candidate: Candidate
  manifests: BatchManifest[]
}

export interface CandidatesPrepared {
  /** The prefix of every batch name: `judges_<labels file name>`. */
  name: string
  criterion: Criterion
  candidates: CandidateBatches[]
  /** Batches this run wrote (not yet sent). */
  written: BatchManifest[]
}

/** `judges_<labels file name, sanitized>` unless named. */
export function candidatesName(labelsFile: string, name?: string): string {
  return name ?? `judges_${sanitizeModel(basename(labelsFile, extname(labelsFile)))}`
}

/**
 * One batch per candidate over every labelled answer, each asked `repeats` times (repeats.ts).
 * Batches an earlier run submitted are kept; a higher `repeats` adds one batch per candidate with
 * the missing repeats only. All new batches are written, or none.
 */
export async function prepareCandidates(set: LabelledSet, candidates: readonly Candidate[], repeats: number, name: string): Promise<CandidatesPrepared> {
  const criterion: Criterion = {name: CORRECT, description: set.criterion, scale: 'pass_fail'}
  const baseName = (candidate: Candidate): string => `${name}_${candidate.target.endpoint ?? candidate.target.provider}_${sanitizeModel(candidate.target.model)}`
  const earlier = (await listManifests()).filter((manifest) => manifest.grading?.labels === set.file && manifest.state !== 'prepared')
  const batches = await stageMissingRepeats({
    judges: candidates,
    repeats,
    earlier: (candidate) => earlier.filter((manifest) => manifest.name === baseName(candidate) || manifest.name.startsWith(`${baseName(candidate)}_r`)),
    baseName,
    stage(candidate, batchName, range) {
      const settings = {max_tokens: candidate.max_tokens, thinking: candidate.thinking}
      return stageBatch(
        {
          name: batchName,
          kind: 'judge',
          provider: candidate.target.provider,
          model: candidate.target.model,
          ...(candidate.target.endpoint !== undefined && {endpoint: {name: candidate.target.endpoint, answers_file: answersPath(batchName)}}),
          dataset: {source: 'file', path: set.file, split: 'full'},
          hints: 0,
          settings,
          grading: {rubric: 'pass_fail', criteria: [criterion], repeats: range, labels: set.file},
        },
        oneAtATime(repeatedRequests(range, () => set.items.map((item) => buildRubricRequest({...item, custom_id: item.id, answer: item.prediction}, [criterion], settings)))),
      )
    },
  })
  const candidateBatches = candidates.map((candidate) => ({candidate, manifests: batches.filter((batch) => batch.judge === candidate).map((batch) => batch.manifest)}))
  const written = batches.filter((batch) => batch.written).map((batch) => batch.manifest)
  return {name, criterion, candidates: candidateBatches, written}
}

/** What the spending guard would let through: the new batches, checked before anything is sent. */
export function guardCandidates(prepared: CandidatesPrepared, limit: SpendingLimit): SpendingPlan {
  return guardSending(prepared.written, limit)
}

export interface CandidatesRunOptions {
  wait: boolean
  pace: PollPace
  onPoll: (views: readonly BatchView[]) => void
}

/**
 * Sends every batch not yet sent, waits for all (or looks once), and writes the results of those
 * that ended. True when every batch has its results.
 */
export async function runCandidates(prepared: CandidatesPrepared, options: CandidatesRunOptions): Promise<boolean> {
  const names = prepared.candidates.flatMap((entry) => entry.manifests.map((manifest) => manifest.name))
  const toStart: BatchManifest[] = []
  for (const name of names) {
    const manifest = await readManifest(name)
    if (manifest.state !== 'submitted' || (manifest.endpoint !== undefined && (await fetchBatchStatus(name)).status?.state === 'interrupted')) toStart.push(manifest)
  }
  // Every candidate's key and host is checked before the first batch is sent.
  await startBatches(toStart)
  await waitForBatches(names, {delaySeconds: (running) => pollDelaySeconds(running, options.pace), onPoll: options.onPoll, once: !options.wait})
  let finished = true
  for (const name of names) {
    const {manifest, status} = await fetchBatchStatus(name)
    if (status === undefined || !TERMINAL_STATES.has(status.state)) {
      finished = false
      continue
    }
    if (manifest.results === undefined) await collectResults(name)
  }
  return finished
}

/** The batches' records as they stand after the run (results written, last status seen). */
export async function refreshed(prepared: CandidatesPrepared): Promise<CandidatesPrepared> {
  const candidates = await Promise.all(prepared.candidates.map(async (entry) => ({candidate: entry.candidate, manifests: await Promise.all(entry.manifests.map((manifest) => readManifest(manifest.name)))})))
  return {...prepared, candidates}
}

/** Refuses, in one line, a report asked before every batch has its results. */
export function requireResults(prepared: CandidatesPrepared): void {
  const waiting = prepared.candidates.flatMap((entry) => entry.manifests).filter((manifest) => manifest.results === undefined)
  if (waiting.length === 0) return
  throw new UserError(`${waiting.length} candidate batches have not ended yet (${waiting[0]!.name}${waiting.length > 1 ? ', ...' : ''}): run the same \`bench judges\` again later, or with --wait`)
}
