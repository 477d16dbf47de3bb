import {AnswerShape} from '../shared/answer-shape.js'
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

const STATES: Readonly<Record<string, BatchState>> = {
  VALIDATING: 'validating',
  IN_PROGRESS: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  EXPIRED: 'expired',
  // Seen live after a cancel though absent from the SDK's union (providers.md 6.4).
  CANCELING: 'cancelling',
  CANCELLED: 'cancelled',
}

/**
 * Together reports no request counts, only `progress` (0-100); timestamps are already ISO. The job
 * is checked where it enters: its SDK marks every field optional, but a job without a status says
 * nothing bench can show, and a status bench does not know is `unknown`.
 */
export function togetherStatus(value: unknown): BatchStatus {
  const shape = new AnswerShape()
  const job = shape.record(value, 'the batch job')
  const provider = shape.string(job, 'status')
  const status: BatchStatus = {
    state: STATES[provider] ?? 'unknown',
    provider_status: provider,
    counts: null,
    results_available: Boolean(shape.optionalString(job, 'output_file_id') ?? shape.optionalString(job, 'error_file_id')),
  }
  const progress = shape.optionalNumber(job, 'progress')
  if (progress !== undefined) status.progress = progress / 100
  const createdAt = shape.optionalString(job, 'created_at')
  const deadline = shape.optionalString(job, 'job_deadline')
  const completedAt = shape.optionalString(job, 'completed_at')
  const error = shape.optionalString(job, 'error')
  if (createdAt) status.created_at = createdAt
  if (deadline) status.expires_at = deadline
  if (completedAt) status.ended_at = completedAt
  if (error) status.errors = [error]
  return status
}
