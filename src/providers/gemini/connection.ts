import {vendorIdentity, type VendorBatchIdentity} from '../../core/batch/identity.js'
import {VENDOR_ADDRESSES} from '../addresses.js'
import {createStatusReader, type StatusResource, type VendorConnection} from '../shared/status-reader.js'
import {vendorCredentials} from '../shared/vendor-location.js'
import {geminiStatus, type GeminiOperation} from './gemini-status.js'

/** The Batch API is documented on v1beta; pinned so the SDK and bench's own reads agree. */
export const GEMINI_API_VERSION = 'v1beta'

export interface GeminiConnection extends VendorConnection {
  /** `GOOGLE_GEMINI_BASE_URL` or Google's: the SDK takes the origin and the version apart. */
  origin: string
}

/**
 * The Gemini Developer API as its SDK reaches it: the origin, the pinned version, `x-goog-api-key`.
 * The key is the one the SDK would read (`GOOGLE_API_KEY` before `GEMINI_API_KEY`), and the same
 * goes to the SDK and to bench's own reads.
 */
export function geminiConnection(): GeminiConnection {
  const {key, keyVariable, baseURL: origin} = vendorCredentials(VENDOR_ADDRESSES.gemini)
  warnOfTwoKeys()
  return {
    vendor: {label: 'Gemini', keyVariable, key},
    origin,
    baseURL: `${origin}/${GEMINI_API_VERSION}`,
    headers: {'x-goog-api-key': key},
  }
}

let warned = false

/** Both variables set to different keys: say which one is used, as the SDK does, once a process. */
function warnOfTwoKeys(): void {
  const google = process.env.GOOGLE_API_KEY?.trim()
  const gemini = process.env.GEMINI_API_KEY?.trim()
  if (warned || !google || !gemini || google === gemini) return
  warned = true
  process.stderr.write('Warning: GOOGLE_API_KEY and GEMINI_API_KEY are both set, to different keys: bench uses GOOGLE_API_KEY, as Google\'s SDK does\n')
}

/** Gemini names batches `batches/<id>`; a bare id (as typed by a user) is accepted too. */
export function batchName(id: string): string {
  return id.startsWith('batches/') ? id : `batches/${id}`
}

/**
 * `GET /{version}/batches/{id}`: the raw long-running operation, read raw because the SDK's
 * BatchJob drops `metadata.batchStats` and the operation's `error` (providers.md 4.4).
 */
export const geminiOperation: StatusResource<GeminiOperation> = {
  connect: geminiConnection,
  path: (id) => `/${batchName(id)}`,
  toStatus: geminiStatus,
  identify: geminiIdentity,
}

/** The operation's name, creation time and input file, and bench's `<name>#<shard>` display name (see client.ts). */
function geminiIdentity(operation: GeminiOperation): VendorBatchIdentity {
  const metadata = operation.metadata ?? {}
  const displayName = typeof metadata.displayName === 'string' ? metadata.displayName : ''
  const hash = displayName.lastIndexOf('#')
  const inputConfig = metadata.inputConfig as {fileName?: unknown} | undefined
  return vendorIdentity({
    id: operation.name,
    created_at: metadata.createTime,
    input_file: inputConfig?.fileName,
    ...(hash > 0 && {bench: {name: displayName.slice(0, hash), shard: displayName.slice(hash + 1)}}),
  })
}

export const geminiStatusReader = createStatusReader(geminiOperation)
