import type {MessageBatch} from '@anthropic-ai/sdk/resources/messages/batches'

import type {BatchState, BatchStatus} from '../../core/batch/status.js'

/**
 * Anthropic has three statuses; `ended` covers completed, cancelled and expired batches alike,
 * so the counts and the cancel time tell them apart.
 */
export function anthropicStatus(batch: MessageBatch): BatchStatus {
  const counts = batch.request_counts
  const status: BatchStatus = {
    state: stateOf(batch),
    provider_status: batch.processing_status,
    counts: {
      total: counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired,
      succeeded: counts.succeeded,
      failed: counts.errored + counts.canceled + counts.expired,
      pending: counts.processing,
    },
    created_at: batch.created_at,
    expires_at: batch.expires_at,
    results_available: batch.results_url !== null,
  }
  if (batch.ended_at !== null) status.ended_at = batch.ended_at
  return status
}

function stateOf(batch: MessageBatch): BatchState {
  if (batch.processing_status === 'in_progress') return 'running'
  if (batch.processing_status === 'canceling') return 'cancelling'
  if (batch.cancel_initiated_at !== null) return 'cancelled'
  return batch.request_counts.expired > 0 ? 'expired' : 'completed'
}
