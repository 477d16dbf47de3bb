import {requireApiKey} from '../shared/api-key.js'
import {baseUrlFromEnv, createStatusReader, type StatusResource, type VendorConnection} from '../shared/status-reader.js'
import {geminiStatus, type GeminiOperation} from './gemini-status.js'

/** The Batch API is documented on v1beta; pinned so the SDK and bench's own reads agree. */
export const GEMINI_API_VERSION = 'v1beta'

export interface GeminiConnection extends VendorConnection {
  /** `GOOGLE_GEMINI_BASE_URL` or Google's: the SDK takes the origin and the version apart. */
  origin: string
}

/** The Gemini Developer API as its SDK reaches it: the origin, the pinned version, `x-goog-api-key`. */
export function geminiConnection(): GeminiConnection {
  const key = requireApiKey(['GEMINI_API_KEY', 'GOOGLE_API_KEY'])
  const origin = baseUrlFromEnv('GOOGLE_GEMINI_BASE_URL', 'https://generativelanguage.googleapis.com')
  return {
    vendor: {label: 'Gemini', keyVariable: 'GEMINI_API_KEY', key},
    origin,
    baseURL: `${origin}/${GEMINI_API_VERSION}`,
    headers: {'x-goog-api-key': key},
  }
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
}

export const geminiStatusReader = createStatusReader(geminiOperation)
