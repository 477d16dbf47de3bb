import type {ProviderName} from '../../providers/names.js'
import type {AnswerFateKind, BatchFaults} from './faults.js'
import type {LineFate} from './line-fates.js'
import type {LineRequest, LineUsage} from './responder.js'

/**
 * The vendor-neutral life of a batch. Vendor modules map it to their own words: OpenAI uses
 * these names as they are; Together upper-cases them; Anthropic shows `validating` and
 * `in_progress` as `in_progress` and every terminal phase as `ended`; and so on.
 */
export type BatchPhase =
  | 'validating'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'failed'
  | 'expired'
  | 'cancelling'
  | 'cancelled'

/** The phases a batch never leaves. */
export const TERMINAL_PHASES: ReadonlySet<BatchPhase> = new Set(['completed', 'failed', 'expired', 'cancelled'])

/** Why a whole batch failed validation, in OpenAI's `errors.data[]` terms (`line` is 1-based). */
export interface ValidationProblem {
  code: string
  message: string
  param: string | null
  line: number | null
}

/**
 * What became of one line. `succeeded` and `errored` lines were executed (and counted in
 * `Emulator.executed`); `cancelled` and `expired` ones never ran.
 */
export type LineOutcome =
  | {kind: 'succeeded'; text: string; usage: LineUsage; finishedAt: number; fate?: AnswerFate}
  | {kind: 'errored'; status: number; code: string; message: string; finishedAt: number; bare?: boolean}
  | {kind: 'cancelled'}
  | {kind: 'expired'}

/**
 * A billed answer that is not a normal one (see `AnswerFateKind`). The outcome's `text` is what
 * the model produced: the refusal sentence, or the part of the answer written before the stop.
 */
export interface AnswerFate {
  kind: AnswerFateKind
  /** In [0, 1): picks the vendor's variant of the fate. */
  variant: number
}

/** The moments a batch went through, in epoch milliseconds of the emulator's clock. */
export interface BatchTimes {
  created: number
  /** created + 24 h, the window every vendor in practice uses. */
  expires: number
  started?: number
  finalizing?: number
  ended?: number
  cancelRequested?: number
}

/**
 * One batch, owned by the engine. `vendor` is the vendor module's own data (endpoint, metadata,
 * display name, ...), opaque to the engine; `files` is where a vendor module records the result
 * files it wrote in `finalize`.
 */
export interface BatchRecord<Vendor = unknown> {
  id: string
  provider: ProviderName
  /** The batch's model (the first line's, or the create call's). */
  model: string
  lines: LineRequest[]
  phase: BatchPhase
  /** Set when the batch fails (or will fail) validation; the vendor renders it. */
  problem?: ValidationProblem
  /** Parallel to `lines`; undefined while a line is pending. Failed batches keep them all undefined. */
  outcomes: (LineOutcome | undefined)[]
  times: BatchTimes
  faults: BatchFaults
  /** Parallel to `lines`: what a line fault made of each line, decided at create. */
  fates: (LineFate | undefined)[]
  /** File ids written by the vendor module when the batch ended (`output`, `error`, ...). */
  files: Record<string, string>
  vendor: Vendor
}

/** A batch's line tallies in vendor-neutral terms. */
export interface BatchCounts {
  total: number
  succeeded: number
  /** Executed lines that returned an error. */
  errored: number
  cancelled: number
  expired: number
  /** Lines not yet decided. */
  pending: number
}

/** Counts the outcomes of a batch's lines. */
export function countOutcomes(batch: BatchRecord): BatchCounts {
  const counts: BatchCounts = {total: batch.lines.length, succeeded: 0, errored: 0, cancelled: 0, expired: 0, pending: 0}
  if (batch.phase === 'failed') return {...counts, total: 0}
  for (const outcome of batch.outcomes) {
    if (outcome === undefined) counts.pending += 1
    else counts[outcome.kind === 'succeeded' ? 'succeeded' : outcome.kind] += 1
  }
  return counts
}

/** Whether a batch has reached a phase it never leaves. */
export function isTerminal(batch: BatchRecord): boolean {
  return TERMINAL_PHASES.has(batch.phase)
}
