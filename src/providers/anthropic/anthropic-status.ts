import {AnswerShape} from '../shared/answer-shape.js'
import type {BatchState, BatchStatus} from '../../core/batch/status.js'

const COUNT_KEYS = ['processing', 'succeeded', 'errored', 'canceled', 'expired'] as const

/**
 * A Message Batch (`MessageBatch` of the SDK), checked where it enters. Anthropic has three
 * statuses; `ended` covers completed, cancelled and expired batches alike, so the counts and the
 * cancel time tell them apart. A status bench does not know is `unknown`.
 */
export function anthropicStatus(value: unknown): BatchStatus {
  const shape = new AnswerShape()
  const batch = shape.record(value, 'the batch')
  const processing = shape.string(batch, 'processing_status')
  const countsRecord = shape.record(batch.request_counts, 'request_counts')
  const counts = Object.fromEntries(COUNT_KEYS.map((key) => [key, shape.number(countsRecord, key, `request_counts.${key}`)])) as Record<(typeof COUNT_KEYS)[number], number>
  const resultsUrl = shape.optionalString(batch, 'results_url')
  const cancelInitiated = shape.optionalString(batch, 'cancel_initiated_at')
  const status: BatchStatus = {
    state: stateOf(processing, cancelInitiated !== undefined, counts.expired),
    provider_status: processing,
    counts: {
      total: counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired,
      succeeded: counts.succeeded,
      failed: counts.errored + counts.canceled + counts.expired,
      pending: counts.processing,
    },
    created_at: shape.string(batch, 'created_at'),
    expires_at: shape.string(batch, 'expires_at'),
    results_available: resultsUrl !== undefined,
  }
  const endedAt = shape.optionalString(batch, 'ended_at')
  if (endedAt !== undefined) status.ended_at = endedAt
  return status
}

function stateOf(processing: string, cancelInitiated: boolean, expired: number): BatchState {
  if (processing === 'in_progress') return 'running'
  if (processing === 'canceling') return 'cancelling'
  if (processing !== 'ended') return 'unknown'
  if (cancelInitiated) return 'cancelled'
  return expired > 0 ? 'expired' : 'completed'
}
