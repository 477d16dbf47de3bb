import {isTerminal, type BatchPhase, type BatchRecord, type LineOutcome} from './batch.js'

/**
 * How a batch moves through time. With `batchSeconds` N > 0 a batch validates for the first
 * 10 % of N, runs its lines one after another over the next 80 %, finalizes for the last 10 %,
 * and a cancel takes 10 % of N to settle: counts move while `watch` polls. With N = 0 a batch
 * is validating in the create response and settled by the first look after it.
 */
const VALIDATING_SHARE = 0.1
const RUNNING_SHARE = 0.8
const CANCELLING_SHARE = 0.1

/** Executes one line (0-based index) that finishes at `finishedAt`; called once per line, in order. */
export type LineRunner = (index: number, finishedAt: number) => LineOutcome

/**
 * Brings a batch up to `now`: runs the lines that are due and moves its phase. Returns true when
 * this call made the batch terminal, so the caller writes its result files exactly once.
 */
export function advanceBatch(batch: BatchRecord, now: number, batchSeconds: number, run: LineRunner): boolean {
  if (isTerminal(batch)) return false
  const instant = batchSeconds <= 0
  const span = batchSeconds * 1000
  if (batch.phase === 'cancelling') {
    const settleAt = instant ? now : batch.times.cancelRequested! + CANCELLING_SHARE * span
    return now >= settleAt && finish(batch, 'cancelled', settleAt)
  }
  const startAt = instant ? now : batch.times.created + VALIDATING_SHARE * span
  if (now < startAt) return false
  if (batch.problem !== undefined) return finish(batch, 'failed', startAt)
  batch.times.started ??= startAt
  batch.phase = 'in_progress'

  const total = batch.lines.length
  const lineDuration = instant ? 0 : (RUNNING_SHARE * span) / Math.max(1, total)
  let due = instant ? total : Math.min(total, Math.floor((now - startAt) / lineDuration))
  const expiry = batch.faults.expiry
  const expireAt = instant ? now : startAt + (expiry?.fraction ?? 0) * RUNNING_SHARE * span
  if (expiry !== undefined) due = Math.min(due, Math.floor(expiry.fraction * total))

  for (let index = batch.outcomes.findIndex((outcome) => outcome === undefined); index !== -1 && index < due; index += 1) {
    batch.outcomes[index] = run(index, instant ? now : startAt + (index + 1) * lineDuration)
  }
  if (expiry !== undefined && now >= expireAt) return finish(batch, 'expired', expireAt)
  if (due < total) return false

  batch.times.finalizing ??= instant ? now : startAt + RUNNING_SHARE * span
  batch.phase = 'finalizing'
  const endAt = instant ? now : batch.times.created + span
  return now >= endAt && finish(batch, 'completed', endAt)
}

/**
 * Asks a batch to stop: lines already run keep their outcomes, the rest end `cancelled` when
 * the cancel settles. Returns false (and changes nothing) when the batch has already ended.
 */
export function requestCancel(batch: BatchRecord, now: number): boolean {
  if (isTerminal(batch)) return false
  if (batch.phase !== 'cancelling') {
    batch.phase = 'cancelling'
    batch.times.cancelRequested = now
  }
  return true
}

function finish(batch: BatchRecord, phase: BatchPhase, at: number): true {
  batch.phase = phase
  batch.times.ended = at
  if (phase === 'cancelled' || phase === 'expired') {
    const kind = phase === 'cancelled' ? 'cancelled' : 'expired'
    batch.outcomes = batch.outcomes.map((outcome) => outcome ?? {kind})
  }
  return true
}
