import {UnreadableAnswer} from './answer-shape.js'
import {getJson} from './json-get.js'
import {batchId} from './remote-shard.js'
import {retryPolicy} from './retry-policy.js'
import {callVendor, unreadableAnswer, type Vendor} from './vendor-error.js'
import {vendorCredentials} from './vendor-location.js'
import type {VendorAddress} from '../addresses.js'
import type {RemoteShard, StatusReader} from '../types.js'
import type {VendorBatchIdentity} from '../../core/batch/identity.js'
import type {BatchStatus} from '../../core/batch/status.js'

/** Where a vendor is reached and how bench signs its requests; its SDK client is built from the same. */
export interface VendorConnection {
  vendor: Vendor
  /** No trailing slash: paths are appended as they are. */
  baseURL: string
  /** The auth (and version) headers the vendor's SDK sends. */
  headers: Readonly<Record<string, string>>
}

/** How one vendor's batch status is read: its path and the mapping of what comes back. */
export interface StatusResource<T> {
  connect(): VendorConnection
  /** The batch's path under `baseURL`, e.g. `/batches/batch_123`. */
  path(batchId: string): string
  /** The vendor's JSON as it came: throws an UnreadableAnswer naming a field not of the SDK's type. */
  toStatus(resource: T): BatchStatus
  /** Which batch the vendor says this is, for the check against bench's record (core/batch/identity.ts). */
  identify(resource: T): VendorBatchIdentity
}

/**
 * Reads a batch's status with one GET, not through the SDK. `bench get` is the command users run
 * in a loop (`watch -n 2`), a new process each time, and loading an SDK and Node's fetch costs more
 * than the rest of the command together. The request is the one the SDK's `retrieve` sends (same
 * path and auth headers, tested against the SDKs), and the answer is the vendor's JSON as is.
 */
export function createStatusReader<T>(resource: StatusResource<T>): StatusReader {
  return {
    status: async (remote) => {
      const answer = await readBatchResource(resource, remote)
      try {
        // The status checks the answer's shape first; what identifies the batch is read from it after.
        return {...resource.toStatus(answer), batch: resource.identify(answer)}
      } catch (error) {
        if (error instanceof UnreadableAnswer) throw unreadableAnswer(`${resource.connect().vendor.label}'s status of batch ${batchId(remote)}`, error)
        throw error
      }
    },
  }
}

/** The batch resource itself, for a client that needs more of it than the status. */
export async function readBatchResource<T>(resource: StatusResource<T>, remote: RemoteShard): Promise<T> {
  const {vendor, baseURL, headers} = resource.connect()
  const url = new URL(baseURL + resource.path(batchId(remote)))
  return (await callVendor(vendor, () => getJson(url, headers, retryPolicy()))) as T
}

/**
 * The common case: the key as a bearer token, the base URL from the environment, each checked
 * (vendor-location.ts) before the first request.
 */
export function bearerConnection(address: VendorAddress): VendorConnection {
  const {key, keyVariable, baseURL} = vendorCredentials(address)
  const custom = address.customHeadersVariable === undefined ? {} : customHeaders(process.env[address.customHeadersVariable])
  return {
    vendor: {label: address.label, keyVariable, key},
    baseURL,
    headers: {...custom, authorization: `Bearer ${key}`},
  }
}

/** `Name: value` lines, read as the Stainless SDKs read their `*_CUSTOM_HEADERS` variable. */
function customHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const line of value?.split('\n') ?? []) {
    const colon = line.indexOf(':')
    if (colon >= 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return headers
}

