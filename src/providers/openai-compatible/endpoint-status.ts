import {answerSucceeded, readAnswers} from './answers.js'
import {endpointRecord, workerLockPath} from './endpoint-batch.js'
import {lockOwner} from '../../core/batch/lock.js'
import type {BatchManifest} from '../../core/batch/manifest.js'
import {TERMINAL_STATES, type BatchState, type BatchStatus} from '../../core/batch/status.js'

/** The window the rate is measured over: long enough to smooth bursts, short enough to follow a change. */
const RATE_WINDOW_MS = 60_000

/** The worker's side of the title line (`completed (all answered)`) when no worker runs. */
const WORKER_STOPPED: Partial<Record<BatchState, string>> = {completed: 'all answered', cancelled: 'cancelled with bench cancel'}

interface AnswerTally {
  succeeded: number
  failed: number
  /** Answers within the rate window, and the first of them (epoch milliseconds). */
  recent: number
  recentFirst?: number
  /** Epoch milliseconds of the last answer. */
  last?: number
}

/**
 * An endpoint batch's status, from local files only: the answers file (counts, rate), the worker
 * lock (running or not) and the batch record (started, cancelled, why the last run stopped).
 */
export async function endpointStatus(manifest: BatchManifest, now = Date.now()): Promise<BatchStatus> {
  const record = endpointRecord(manifest)
  // The lock first, then the answers: a worker writes its answers before it lets go of the lock,
  // so a worker found gone has left every answer it gave. Read the other way round, a worker
  // finishing in between would show as interrupted with answers missing.
  const worker = await lockOwner(workerLockPath(manifest.name))
  const tally = await tallyAnswers(record.answers_file, now)
  const answered = tally.succeeded + tally.failed
  const state = stateOf(answered >= manifest.requests, record.cancelled_at !== undefined, worker !== undefined)
  const status: BatchStatus = {
    state,
    provider_status: worker === undefined ? WORKER_STOPPED[state] ?? 'worker stopped' : `worker pid ${worker}`,
    counts: {total: manifest.requests, succeeded: tally.succeeded, failed: tally.failed, pending: Math.max(0, manifest.requests - answered)},
    results_available: TERMINAL_STATES.has(state),
  }
  if (record.started_at !== undefined) status.created_at = record.started_at
  const endedAt = state === 'cancelled' ? record.cancelled_at : state === 'completed' && tally.last !== undefined ? new Date(tally.last).toISOString() : undefined
  if (endedAt !== undefined) status.ended_at = endedAt
  if (state === 'interrupted' && record.stopped !== undefined) status.errors = [record.stopped.reason]
  const rate = ratePerSecond(tally)
  if (state === 'running' && rate !== undefined) status.rate_per_second = rate
  return status
}

function stateOf(allAnswered: boolean, cancelled: boolean, workerAlive: boolean): BatchState {
  if (cancelled) return workerAlive ? 'cancelling' : 'cancelled'
  if (allAnswered) return 'completed'
  return workerAlive ? 'running' : 'interrupted'
}

async function tallyAnswers(path: string, now: number): Promise<AnswerTally> {
  const tally: AnswerTally = {succeeded: 0, failed: 0, recent: 0}
  const seen = new Set<string>()
  for await (const answers of readAnswers(path)) {
    for (const answer of answers) {
      if (seen.has(answer.custom_id)) continue
      seen.add(answer.custom_id)
      if (answerSucceeded(answer)) tally.succeeded += 1
      else tally.failed += 1
      const at = Date.parse(answer.at)
      if (now - at <= RATE_WINDOW_MS) {
        tally.recent += 1
        tally.recentFirst = Math.min(tally.recentFirst ?? at, at)
      }
      if (tally.last === undefined || at > tally.last) tally.last = at
    }
  }
  return tally
}

/** Answers per second between the first and last answer of the window; undefined with fewer than two. */
function ratePerSecond(tally: AnswerTally): number | undefined {
  if (tally.recent < 2 || tally.recentFirst === undefined || tally.last === undefined) return undefined
  const span = (tally.last - tally.recentFirst) / 1000
  return span > 0 ? (tally.recent - 1) / span : undefined
}
