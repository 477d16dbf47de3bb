import type {BatchJob} from '@mistralai/mistralai/models/components'

import type {BatchState, BatchStatus} from '../../core/status.js'
import {isoFromUnixSeconds} from '../shared/submit-flow.js'

const STATES: Record<string, BatchState> = {
  QUEUED: 'queued',
  RUNNING: 'running',
  SUCCESS: 'completed',
  FAILED: 'failed',
  TIMEOUT_EXCEEDED: 'expired',
  CANCELLATION_REQUESTED: 'cancelling',
  CANCELLED: 'cancelled',
}

export function mistralStatus(job: BatchJob): BatchStatus {
  const status: BatchStatus = {
    state: STATES[job.status] ?? 'running',
    provider_status: job.status,
    counts: {
      total: job.totalRequests,
      succeeded: job.succeededRequests,
      failed: job.failedRequests,
      pending: Math.max(0, job.totalRequests - job.completedRequests),
    },
    results_available: Boolean(job.outputFile || job.errorFile),
  }
  const createdAt = isoFromUnixSeconds(job.createdAt)
  const endedAt = isoFromUnixSeconds(job.completedAt)
  if (createdAt !== undefined) status.created_at = createdAt
  if (endedAt !== undefined) status.ended_at = endedAt
  if (job.errors.length > 0) status.errors = job.errors.map((error) => (error.count && error.count > 1 ? `${error.message} (${error.count} times)` : error.message))
  return status
}
