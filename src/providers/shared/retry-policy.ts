/** How often and how long a transient vendor failure (429, 5xx, connection reset) is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number
  /** Longest single wait; a longer `retry-after` is cut down to this, keeping the total bounded. */
  maxDelayMs: number
}

/** The answers worth asking again: timeout, rate limit, and the transient server errors. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504])

/** Reads one response header; a fetch `Headers` is one, and so is a wrapper over node:http's. */
export type HeaderLookup = Pick<Headers, 'get'>

const DEFAULT_MAX_RETRIES = 4
const MAX_DELAY_MS = 30_000
const BASE_DELAY_MS = 500

/** The policy for this process: `BENCH_MAX_RETRIES` (tests set 0 or 1) or 4 retries. */
export function retryPolicy(): RetryPolicy {
  const configured = Number.parseInt(process.env.BENCH_MAX_RETRIES ?? '', 10)
  return {
    maxRetries: Number.isInteger(configured) && configured >= 0 ? configured : DEFAULT_MAX_RETRIES,
    maxDelayMs: MAX_DELAY_MS,
  }
}

/**
 * The wait before retry number `attempt` (0-based): what the vendor asked for in `retry-after-ms`
 * or `retry-after` (seconds or an HTTP date) when it said, else exponential backoff with jitter.
 */
export function retryDelayMs(attempt: number, headers: HeaderLookup | undefined, policy: RetryPolicy): number {
  const asked = askedDelayMs(headers)
  const backoff = BASE_DELAY_MS * 2 ** attempt * (0.75 + Math.random() / 2)
  return Math.min(asked ?? backoff, policy.maxDelayMs)
}

function askedDelayMs(headers: HeaderLookup | undefined): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '')
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds
  const value = headers?.get('retry-after')
  if (!value) return undefined
  const seconds = Number.parseFloat(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}
