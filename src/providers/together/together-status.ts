import type {BatchState, BatchStatus} from '../../core/batch/status.js'

/** A Together batch job as bench reads it; the SDK marks every field optional. */
export interface TogetherJob {
  id?: string
  status?: string
  input_file_id?: string
  created_at?: string
  job_deadline?: string
  completed_at?: string
  progress?: number
  error?: string
  output_file_id?: string
  error_file_id?: string
}

const STATES: Record<string, BatchState> = {
  VALIDATING: 'validating',
  IN_PROGRESS: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  EXPIRED: 'expired',
  // Seen live after a cancel though absent from the SDK's union (providers.md 6.4).
  CANCELING: 'cancelling',
  CANCELLED: 'cancelled',
}

/** Together reports no request counts, only `progress` (0-100); timestamps are already ISO. */
export function togetherStatus(job: TogetherJob): BatchStatus {
  const raw = job.status ?? 'UNKNOWN'
  const status: BatchStatus = {
    state: STATES[raw] ?? 'running',
    provider_status: raw,
    counts: null,
    results_available: Boolean(job.output_file_id || job.error_file_id),
  }
  if (typeof job.progress === 'number') status.progress = job.progress / 100
  if (job.created_at) status.created_at = job.created_at
  if (job.job_deadline) status.expires_at = job.job_deadline
  if (job.completed_at) status.ended_at = job.completed_at
  if (job.error) status.errors = [job.error]
  return status
}
