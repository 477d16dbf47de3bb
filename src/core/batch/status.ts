import type {VendorBatchIdentity} from './identity.js'

/** Vendor-neutral batch states; the vendor's own status always travels beside them. */
export type BatchState =
  | 'queued'
  | 'validating'
  | 'running'
  | 'finalizing'
  | 'completed'
  | 'failed'
  | 'expired'
  | 'cancelling'
  | 'cancelled'
  /** bench's own worker (endpoints without a Batch API) stopped before the end: `bench start` resumes it. */
  | 'interrupted'
  /** The vendor sent a state bench does not know (its word is `provider_status`): never taken for `running`. */
  | 'unknown'

export const TERMINAL_STATES: ReadonlySet<BatchState> = new Set(['completed', 'failed', 'expired', 'cancelled'])

export interface RequestCounts {
  total: number
  succeeded: number
  failed: number
  pending: number
}

export interface BatchStatus {
  state: BatchState
  /** The vendor's status string, as it sent it (e.g. `in_progress`, `BATCH_STATE_RUNNING`). */
  provider_status: string
  /** Null where the vendor reports no counts (Together reports only a percentage). */
  counts: RequestCounts | null
  /** 0 to 1, when the vendor reports progress but no counts. */
  progress?: number
  /** Requests answered per second lately, where bench can tell (its own worker's runs). */
  rate_per_second?: number
  /** ISO 8601. */
  created_at?: string
  expires_at?: string
  ended_at?: string
  /** Whole-batch failure reasons (validation errors), one line each. */
  errors?: string[]
  /** Whether output or error files can be downloaded now. */
  results_available: boolean
  /** Which batch the vendor says this is: checked against the record (identity.ts), never stored. */
  batch?: VendorBatchIdentity
}

/** Shards still moving come first: a batch is as far along as its slowest shard. */
const STATE_PRECEDENCE: BatchState[] = [
  'unknown',
  'interrupted',
  'validating',
  'queued',
  'running',
  'cancelling',
  'finalizing',
  'failed',
  'expired',
  'cancelled',
  'completed',
]

/** One status for a batch written as several vendor batches (shards). */
export function combineStatuses(statuses: BatchStatus[]): BatchStatus {
  if (statuses.length === 1) {
    const {batch: _identity, ...status} = statuses[0]!
    return status
  }
  const state = STATE_PRECEDENCE.find((candidate) => statuses.some((status) => status.state === candidate)) ?? 'running'
  const withCounts = statuses.map((status) => status.counts)
  const counts = withCounts.every((count) => count !== null)
    ? withCounts.reduce(
        (sum, count) => ({
          total: sum.total + count.total,
          succeeded: sum.succeeded + count.succeeded,
          failed: sum.failed + count.failed,
          pending: sum.pending + count.pending,
        }),
        {total: 0, succeeded: 0, failed: 0, pending: 0},
      )
    : null
  const progress = statuses.every((status) => status.progress !== undefined)
    ? statuses.reduce((sum, status) => sum + status.progress!, 0) / statuses.length
    : undefined
  const earliest = (values: (string | undefined)[]) => values.filter((value) => value !== undefined).sort()[0]
  const latest = (values: (string | undefined)[]) => values.filter((value) => value !== undefined).sort().at(-1)
  const errors = statuses.flatMap((status) => status.errors ?? [])
  return {
    state,
    provider_status: [...new Set(statuses.map((status) => status.provider_status))].join(', '),
    counts,
    progress,
    created_at: earliest(statuses.map((status) => status.created_at)),
    expires_at: earliest(statuses.map((status) => status.expires_at)),
    ended_at: statuses.every((status) => TERMINAL_STATES.has(status.state)) ? latest(statuses.map((status) => status.ended_at)) : undefined,
    errors: errors.length > 0 ? errors : undefined,
    results_available: statuses.every((status) => status.results_available),
  }
}
