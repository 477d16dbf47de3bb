import {isoFromUnixSeconds} from '../shared/submit-flow.js'
import type {BatchState, BatchStatus} from '../../core/batch/status.js'

/**
 * A batch job as Mistral's API sends it (snake_case), as far as bench reads it. The SDK renames
 * every field to camelCase with a zod schema; status reads skip the SDK, so this is the wire form.
 */
export interface MistralJobWire {
  id: string
  input_files: string[]
  metadata?: Record<string, unknown> | null
  status: string
  created_at: number
  completed_at?: number | null
  total_requests: number
  completed_requests: number
  succeeded_requests: number
  failed_requests: number
  output_file?: string | null
  error_file?: string | null
  errors?: {message: string; count?: number | null}[] | null
}

const STATES: Record<string, BatchState> = {
  QUEUED: 'queued',
  RUNNING: 'running',
  SUCCESS: 'completed',
  FAILED: 'failed',
  TIMEOUT_EXCEEDED: 'expired',
  CANCELLATION_REQUESTED: 'cancelling',
  CANCELLED: 'cancelled',
}

export function mistralStatus(job: MistralJobWire): BatchStatus {
  const status: BatchStatus = {
    state: STATES[job.status] ?? 'running',
    provider_status: job.status,
    counts: {
      total: job.total_requests,
      succeeded: job.succeeded_requests,
      failed: job.failed_requests,
      pending: Math.max(0, job.total_requests - job.completed_requests),
    },
    results_available: Boolean(job.output_file || job.error_file),
  }
  const createdAt = isoFromUnixSeconds(job.created_at)
  const endedAt = isoFromUnixSeconds(job.completed_at)
  if (createdAt !== undefined) status.created_at = createdAt
  if (endedAt !== undefined) status.ended_at = endedAt
  const errors = job.errors ?? []
  if (errors.length > 0) status.errors = errors.map((error) => (error.count && error.count > 1 ? `${error.message} (${error.count} times)` : error.message))
  return status
}
