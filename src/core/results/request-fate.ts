import type {ResultError, ResultLine} from './result.js'
import type {BatchStatus} from '../batch/status.js'

/**
 * What became of a request that never ran, in bench's words. Vendors spell "the batch ended
 * before this request ran" each their own way (`batch_expired`, `expired`, `timeout_exceeded`,
 * `batch_cancelled`, `canceled`); one code per fate lets the results card and later commands
 * count them alike. The vendor's message is kept.
 */
const NOT_RUN_CODES: Readonly<Record<string, 'expired' | 'cancelled'>> = {
  batch_expired: 'expired',
  expired: 'expired',
  timeout_exceeded: 'expired',
  batch_cancelled: 'cancelled',
  batch_canceled: 'cancelled',
  canceled: 'cancelled',
  cancelled: 'cancelled',
}

/** The line with a not-run code replaced by bench's; true in `notRun` when it was one. */
export function withBenchCode(line: ResultLine): {line: ResultLine; notRun: boolean} {
  const code = line.error === undefined ? undefined : NOT_RUN_CODES[line.error.code]
  if (line.ok || code === undefined) return {line, notRun: false}
  return {line: {...line, error: {...line.error!, code}}, notRun: true}
}

/**
 * Why a request has no line at all. When the vendor lists the requests that never ran (most do,
 * as lines of their own), a request without a line is one whose line was lost or unreadable:
 * `missing`. Otherwise the shard's fate says more: a failed batch runs nothing, and some vendors
 * return nothing for an expired batch or for the never-run part of a cancelled one.
 */
export function notReturned(status: BatchStatus, vendorListsNotRun: boolean): ResultError {
  if (status.state === 'failed') {
    return {code: 'batch_failed', message: status.errors?.join('; ') ?? 'the vendor failed the whole batch'}
  }
  if (!vendorListsNotRun && status.state === 'expired') {
    return {code: 'expired', message: 'the batch expired and the vendor returned no result for this request'}
  }
  if (!vendorListsNotRun && status.state === 'cancelled') {
    return {code: 'cancelled', message: 'the batch was cancelled and the vendor returned no result for this request'}
  }
  return {code: 'missing', message: 'the vendor returned no readable result for this request'}
}
