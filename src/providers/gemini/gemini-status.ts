import {AnswerShape} from '../shared/answer-shape.js'
import {field, stringField} from '../shared/result-line.js'
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
const STATES: Readonly<Record<string, BatchState>> = {
  PENDING: 'queued',
  RUNNING: 'running',
  SUCCEEDED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
}

/**
 * The operation checked where it enters: `metadata.state` and the `batchStats` counts (int64
 * strings) must be what the discovery document says. A state bench does not know, or none
 * (`BATCH_STATE_UNSPECIFIED`), is `unknown`.
 */
export function geminiStatus(value: unknown): BatchStatus {
  const shape = new AnswerShape()
  const operation = shape.record(value, 'the operation')
  const metadata = shape.optionalRecord(operation.metadata, 'metadata') ?? {}
  const raw = shape.optionalString(metadata, 'state', 'metadata.state') ?? 'BATCH_STATE_UNSPECIFIED'
  const state = STATES[raw.replace(/^(BATCH|JOB)_STATE_/, '')] ?? 'unknown'
  const stats = shape.optionalRecord(metadata.batchStats, 'metadata.batchStats') ?? {}
  const count = (key: string) => shape.optionalCount(stats, key, `metadata.batchStats.${key}`)
  const total = count('requestCount')
  const succeeded = count('successfulRequestCount') ?? 0
  const failed = count('failedRequestCount') ?? 0
  const pending = count('pendingRequestCount')
  const status: BatchStatus = {
    state,
    provider_status: raw,
    counts: total === undefined ? null : {total, succeeded, failed, pending: pending ?? Math.max(0, total - succeeded - failed)},
    results_available: responsesFile(operation) !== undefined || inlinedResponses(operation).length > 0,
  }
  const createdAt = shape.optionalString(metadata, 'createTime', 'metadata.createTime')
  const endedAt = shape.optionalString(metadata, 'endTime', 'metadata.endTime')
  if (createdAt !== undefined) status.created_at = createdAt
  if (endedAt !== undefined) status.ended_at = endedAt
  // A cancelled batch also carries an error (code 13); only a failure's reason is worth showing.
  const error = shape.optionalRecord(operation.error, 'error')
  const reason = error === undefined ? undefined : shape.optionalString(error, 'message', 'error.message')
  if (state === 'failed' && reason) status.errors = [reason]
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
