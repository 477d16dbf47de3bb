import {AnswerShape} from '../shared/answer-shape.js'
import {isoFromUnixSeconds} from '../shared/submit-flow.js'
import type {BatchState, BatchStatus} from '../../core/batch/status.js'

/** A batch job as Mistral's API sends it (snake_case), as far as bench reads it. */
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

const STATES: Readonly<Record<string, BatchState>> = {
  QUEUED: 'queued',
  RUNNING: 'running',
  SUCCESS: 'completed',
  FAILED: 'failed',
  TIMEOUT_EXCEEDED: 'expired',
  CANCELLATION_REQUESTED: 'cancelling',
  CANCELLED: 'cancelled',
}

/**
 * A batch job as Mistral's API sends it (snake_case: status reads skip the SDK, which renames every
 * field with a zod schema), checked where it enters against the fields the SDK's `BatchJob`
 * requires. A status bench does not know is `unknown`.
 */
export function mistralStatus(value: unknown): BatchStatus {
  const shape = new AnswerShape()
  const job = shape.record(value, 'the batch job')
  const provider = shape.string(job, 'status')
  const total = shape.number(job, 'total_requests')
  const completed = shape.number(job, 'completed_requests')
  const status: BatchStatus = {
    state: STATES[provider] ?? 'unknown',
    provider_status: provider,
    counts: {total, succeeded: shape.number(job, 'succeeded_requests'), failed: shape.number(job, 'failed_requests'), pending: Math.max(0, total - completed)},
    results_available: Boolean(shape.optionalString(job, 'output_file') ?? shape.optionalString(job, 'error_file')),
  }
  const createdAt = isoFromUnixSeconds(shape.number(job, 'created_at'))
  const endedAt = isoFromUnixSeconds(shape.optionalNumber(job, 'completed_at'))
  if (createdAt !== undefined) status.created_at = createdAt
  if (endedAt !== undefined) status.ended_at = endedAt
  const errors = (job.errors == null ? [] : shape.list(job.errors, 'errors')).map((item, index) => {
    const error = shape.record(item, `errors[${index}]`)
    const message = shape.string(error, 'message', `errors[${index}].message`)
    const count = shape.optionalNumber(error, 'count', `errors[${index}].count`)
    return count !== undefined && count > 1 ? `${message} (${count} times)` : message
  })
  if (errors.length > 0) status.errors = errors
  return status
}
