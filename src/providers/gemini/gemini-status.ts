import {count, field, stringField} from '../shared/result-line.js'
import type {BatchState, BatchStatus} from '../../core/batch/status.js'

/**
 * The raw long-running operation of a batch (`GET /{version}/batches/{id}`). Read raw because the
 * SDK's BatchJob drops `metadata.batchStats` and the operation's `error` (providers.md 4.4).
 */
export interface GeminiOperation {
  name?: string
  done?: boolean
  error?: {code?: number; message?: string}
  metadata?: Record<string, unknown>
  response?: Record<string, unknown>
}

/** The wire sends `BATCH_STATE_*`; the SDK's `JOB_STATE_*` spelling is accepted too. */
const STATES: Record<string, BatchState> = {
  PENDING: 'queued',
  RUNNING: 'running',
  SUCCEEDED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
}

export function geminiStatus(operation: GeminiOperation): BatchStatus {
  const metadata = operation.metadata ?? {}
  const raw = stringField(metadata, 'state') ?? 'BATCH_STATE_UNSPECIFIED'
  const state = STATES[raw.replace(/^(BATCH|JOB)_STATE_/, '')] ?? 'running'
  const stats = field(metadata, 'batchStats')
  const total = count(stats.requestCount)
  const succeeded = count(stats.successfulRequestCount)
  const failed = count(stats.failedRequestCount)
  const status: BatchStatus = {
    state,
    provider_status: raw,
    counts:
      stats.requestCount === undefined
        ? null
        : {total, succeeded, failed, pending: stats.pendingRequestCount === undefined ? Math.max(0, total - succeeded - failed) : count(stats.pendingRequestCount)},
    results_available: responsesFile(operation) !== undefined || inlinedResponses(operation).length > 0,
  }
  const createdAt = stringField(metadata, 'createTime')
  const endedAt = stringField(metadata, 'endTime')
  if (createdAt !== undefined) status.created_at = createdAt
  if (endedAt !== undefined) status.ended_at = endedAt
  // A cancelled batch also carries an error (code 13); only a failure's reason is worth showing.
  if (state === 'failed' && operation.error?.message) status.errors = [operation.error.message]
  return status
}

/** The results file (`files/batch-...`) of a file-based batch, once it has one. */
export function responsesFile(operation: GeminiOperation): string | undefined {
  return stringField(field(operation.metadata, 'output'), 'responsesFile') ?? stringField(operation.response, 'responsesFile')
}

/** The results of an inline batch, in input order: `{response, metadata: {key}, error}` each. */
export function inlinedResponses(operation: GeminiOperation): unknown[] {
  const list = field(field(operation.metadata, 'output'), 'inlinedResponses').inlinedResponses
  return Array.isArray(list) ? list : []
}
