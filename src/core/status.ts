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
  /** ISO 8601. */
  created_at?: string
  expires_at?: string
  ended_at?: string
  /** Whole-batch failure reasons (validation errors), one line each. */
  errors?: string[]
  /** Whether output or error files can be downloaded now. */
  results_available: boolean
}
