import {renderCard} from './card.js'
import type {BatchView} from '../core/batch/batch-status.js'
import {TERMINAL_STATES, type BatchState, type BatchStatus} from '../core/batch/status.js'

/** What `bench get NAME` shows; also its `--json` output. */
export interface StatusCard {
  name: string
  provider: string
  model: string
  /** bench's normalized state, or `prepared` before `start`. */
  state: BatchState | 'prepared'
  provider_status?: string
  /** Requests in the batch, from its record: known even where the vendor reports no counts. */
  requests: number
  counts?: BatchStatus['counts']
  /** 0 to 100. */
  percent?: number
  /** Requests answered per second lately, and the time left at that rate (bench's own worker). */
  rate_per_second?: number
  eta_seconds?: number
  elapsed_seconds?: number
  expires_in_seconds?: number
  results_available: boolean
  errors?: string[]
  next?: string
}

/** A state as cards and lines show it: `unknown` always with the vendor's own word beside it. */
export function stateLabel(state: string, providerStatus: string | undefined): string {
  return state === 'unknown' ? `unknown (${providerStatus ?? 'no state given'})` : state
}

export function toStatusCard(view: BatchView, now = Date.now()): StatusCard {
  const {manifest, status} = view
  const base = {name: manifest.name, provider: manifest.provider, model: manifest.model, requests: manifest.requests}
  if (status === undefined) {
    return {...base, state: 'prepared', results_available: false, next: `bench start ${manifest.name}`}
  }
  const counts = status.counts
  const percent =
    counts !== null && counts.total > 0
      ? Math.round((100 * (counts.succeeded + counts.failed)) / counts.total)
      : status.progress === undefined
        ? undefined
        : Math.round(100 * status.progress)
  const end = status.ended_at === undefined ? now : Date.parse(status.ended_at)
  const rate = status.rate_per_second
  return {
    ...base,
    state: status.state,
    provider_status: status.provider_status,
    counts,
    percent,
    rate_per_second: rate,
    eta_seconds: rate === undefined || counts === null ? undefined : Math.round(counts.pending / rate),
    elapsed_seconds: status.created_at === undefined ? undefined : Math.max(0, Math.round((end - Date.parse(status.created_at)) / 1000)),
    expires_in_seconds:
      status.expires_at === undefined || status.ended_at !== undefined
        ? undefined
        : Math.max(0, Math.round((Date.parse(status.expires_at) - now) / 1000)),
    results_available: status.results_available,
    errors: status.errors,
    // A batch that ended without files (failed, or expired where the vendor keeps nothing) still
    // gets its results file: every request recorded with why it has no answer.
    next:
      status.state === 'interrupted'
        ? `bench start ${manifest.name}   (to resume; answered requests are not sent again)`
        : status.state === 'unknown'
          ? `bench get ${manifest.name} later: the vendor sent a state bench does not know, so it does not guess what it means`
          : status.results_available || TERMINAL_STATES.has(status.state)
          ? `bench results ${manifest.name}`
          : undefined,
  }
}

export function renderStatusCard(card: StatusCard): string {
  return renderCard({
    title: `${card.name}  ${card.state}${card.provider_status === undefined ? '' : ` (${card.provider_status})`}`,
    rows: [
      ['vendor', `${card.provider} · ${card.model}`],
      ['requests', requestsRow(card)],
      ['progress', card.percent === undefined ? undefined : `${progressBar(card.percent)} ${card.percent}%`],
      ['rate', card.rate_per_second === undefined ? undefined : `${formatRate(card.rate_per_second)} requests/s`],
      ['eta', card.eta_seconds === undefined ? undefined : formatDuration(card.eta_seconds)],
      ['elapsed', card.elapsed_seconds === undefined ? undefined : formatDuration(card.elapsed_seconds)],
      ['expires in', card.expires_in_seconds === undefined ? undefined : formatDuration(card.expires_in_seconds)],
      ['errors', card.errors?.join('\n')],
      ['results', resultsRow(card)],
    ],
    footer: card.next === undefined ? undefined : [`Next: ${card.next}`],
  })
}

function resultsRow(card: StatusCard): string | undefined {
  if (card.state === 'prepared') return undefined
  if (card.results_available) return 'available'
  return TERMINAL_STATES.has(card.state) ? 'none from the vendor (bench results records why for every request)' : 'not yet'
}

function requestsRow(card: StatusCard): string {
  const counts = card.counts
  // A batch that failed validation ran nothing; some vendors then report a total of 0.
  if (card.state === 'failed' && counts != null && counts.succeeded + counts.failed === 0) return `${card.requests} total · none ran`
  if (counts != null) return `${counts.total} total · ${counts.succeeded} succeeded · ${counts.failed} failed · ${counts.pending} pending`
  // Before `start` there is nothing to count; Together reports a percentage and no counts.
  return card.state === 'prepared' ? `${card.requests} total` : `${card.requests} total (the vendor reports progress only)`
}

/** One decimal below 10 a second, whole numbers above. */
export function formatRate(perSecond: number): string {
  return perSecond < 10 ? perSecond.toFixed(1) : String(Math.round(perSecond))
}

export function progressBar(percent: number, width = 24): string {
  const filled = Math.round((percent / 100) * width)
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`
  const hours = Math.floor(minutes / 60)
  return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`
}
