import type {ResultError, ResultLine} from './result.js'
import type {BatchStatus} from '../batch/status.js'

/**
 * True when the line says the request never ran because its batch ended first: a vendor that
 * writes such lines lists every request it did not run, so one without a line was lost.
 */
export function neverRan(line: ResultLine): boolean {
  return !line.ok && (line.error?.code === 'expired' || line.error?.code === 'cancelled')
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
