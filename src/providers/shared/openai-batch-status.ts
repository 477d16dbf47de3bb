import {benchMetadataOf, isoFromUnixSeconds} from './submit-flow.js'
import type {VendorBatchIdentity} from '../../core/batch/identity.js'
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

const STATES: Record<string, BatchState> = {
  validating: 'validating',
  in_progress: 'running',
  finalizing: 'finalizing',
  completed: 'completed',
  failed: 'failed',
  expired: 'expired',
  cancelling: 'cancelling',
  cancelled: 'cancelled',
}

export function openAIStyleStatus(batch: OpenAIStyleBatch): BatchStatus {
  const counts = batch.request_counts
  const status: BatchStatus = {
    state: STATES[batch.status] ?? 'running',
    provider_status: batch.status,
    counts:
      counts == null
        ? null
        : {
            total: counts.total,
            succeeded: counts.completed,
            failed: counts.failed,
            pending: Math.max(0, counts.total - counts.completed - counts.failed),
          },
    results_available: Boolean(batch.output_file_id || batch.error_file_id),
  }
  const createdAt = isoFromUnixSeconds(batch.created_at)
  const expiresAt = isoFromUnixSeconds(batch.expires_at)
  const endedAt = isoFromUnixSeconds(batch.completed_at ?? batch.failed_at ?? batch.expired_at ?? batch.cancelled_at)
  if (createdAt !== undefined) status.created_at = createdAt
  if (expiresAt !== undefined) status.expires_at = expiresAt
  if (endedAt !== undefined) status.ended_at = endedAt
  const errors = (batch.errors?.data ?? []).map((error) => {
    const where = error.line == null ? '' : `line ${error.line}: `
    return `${where}${error.message ?? error.code ?? 'unknown error'}`
  })
  if (errors.length > 0) status.errors = errors
  return status
}

/** The batch as OpenAI and Groq identify it: id, creation time, input file, and bench's metadata. */
export function openAIStyleIdentity(batch: OpenAIStyleBatch): VendorBatchIdentity {
  return {
    id: batch.id,
    created_at: isoFromUnixSeconds(batch.created_at),
    input_file: batch.input_file_id ?? undefined,
    bench: benchMetadataOf(batch.metadata),
  }
}
