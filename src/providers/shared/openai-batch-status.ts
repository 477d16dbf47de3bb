import {AnswerShape} from './answer-shape.js'
import {benchMetadataOf, isoFromUnixSeconds} from './submit-flow.js'
import {vendorIdentity, type VendorBatchIdentity} from '../../core/batch/identity.js'
import type {BatchState, BatchStatus} from '../../core/batch/status.js'

/** The batch object OpenAI and Groq share, as far as bench reads it. */
export interface OpenAIStyleBatch {
  id: string
  status: string
  input_file_id?: string | null
  created_at?: number | null
  expires_at?: number | null
  completed_at?: number | null
  failed_at?: number | null
  expired_at?: number | null
  cancelled_at?: number | null
  request_counts?: {total: number; completed: number; failed: number} | null
  errors?: {data?: {code?: string | null; message?: string | null; line?: number | null}[] | null} | null
  output_file_id?: string | null
  error_file_id?: string | null
  metadata?: unknown
}

const STATES: Readonly<Record<string, BatchState>> = {
  validating: 'validating',
  in_progress: 'running',
  finalizing: 'finalizing',
  completed: 'completed',
  failed: 'failed',
  expired: 'expired',
  cancelling: 'cancelling',
  cancelled: 'cancelled',
}

/**
 * A batch object as OpenAI's and Groq's SDKs type it (`Batch`), checked where it enters: a field
 * of the wrong type is a one-line error naming it, a status bench does not know is `unknown`.
 */
export function openAIStyleStatus(value: unknown): BatchStatus {
  const shape = new AnswerShape()
  const batch = shape.record(value, 'the batch')
  const provider = shape.string(batch, 'status')
  const counts = shape.optionalRecord(batch.request_counts, 'request_counts')
  const status: BatchStatus = {
    state: STATES[provider] ?? 'unknown',
    provider_status: provider,
    counts: counts === undefined ? null : requestCounts(shape, counts),
    results_available: Boolean(shape.optionalString(batch, 'output_file_id') ?? shape.optionalString(batch, 'error_file_id')),
  }
  const time = (key: string) => isoFromUnixSeconds(shape.optionalNumber(batch, key))
  const createdAt = time('created_at')
  const expiresAt = time('expires_at')
  const endedAt = time('completed_at') ?? time('failed_at') ?? time('expired_at') ?? time('cancelled_at')
  if (createdAt !== undefined) status.created_at = createdAt
  if (expiresAt !== undefined) status.expires_at = expiresAt
  if (endedAt !== undefined) status.ended_at = endedAt
  const errors = batchErrors(shape, shape.optionalRecord(batch.errors, 'errors'))
  if (errors.length > 0) status.errors = errors
  return status
}

function requestCounts(shape: AnswerShape, counts: Readonly<Record<string, unknown>>): BatchStatus['counts'] {
  const total = shape.number(counts, 'total', 'request_counts.total')
  const completed = shape.number(counts, 'completed', 'request_counts.completed')
  const failed = shape.number(counts, 'failed', 'request_counts.failed')
  return {total, succeeded: completed, failed, pending: Math.max(0, total - completed - failed)}
}

function batchErrors(shape: AnswerShape, errors: Readonly<Record<string, unknown>> | undefined): string[] {
  if (errors === undefined || errors.data == null) return []
  return shape.list(errors.data, 'errors.data').map((item, index) => {
    const error = shape.record(item, `errors.data[${index}]`)
    const line = shape.optionalNumber(error, 'line', `errors.data[${index}].line`)
    const where = line === undefined ? '' : `line ${line}: `
    return `${where}${shape.optionalString(error, 'message', `errors.data[${index}].message`) ?? shape.optionalString(error, 'code', `errors.data[${index}].code`) ?? 'unknown error'}`
  })
}

/** The batch as OpenAI and Groq identify it: id, creation time, input file, and bench's metadata. */
export function openAIStyleIdentity(batch: OpenAIStyleBatch): VendorBatchIdentity {
  return vendorIdentity({id: batch.id, created_at: isoFromUnixSeconds(batch.created_at), input_file: batch.input_file_id, bench: benchMetadataOf(batch.metadata)})
}
