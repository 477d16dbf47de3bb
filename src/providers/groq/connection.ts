import type {BatchRetrieveResponse} from 'groq-sdk/resources/batches'

import {VENDOR_ADDRESSES} from '../addresses.js'
import {openAIStyleIdentity, openAIStyleStatus} from '../shared/openai-batch-status.js'
import {bearerConnection, createStatusReader, type VendorConnection} from '../shared/status-reader.js'

/** Groq as its SDK reaches it: `GROQ_BASE_URL` (an origin; the API lives under `/openai/v1`) and a bearer key. */
export function groqConnection(): VendorConnection {
  return bearerConnection(VENDOR_ADDRESSES.groq)
}

/** `GET /openai/v1/batches/{id}`, as `sdk.batches.retrieve(id)` sends it. */
export const groqStatusReader = createStatusReader<BatchRetrieveResponse>({
  connect: groqConnection,
  path: (id) => `/openai/v1/batches/${encodeURIComponent(id)}`,
  // Groq's batch object is OpenAI's.
  toStatus: openAIStyleStatus,
  identify: openAIStyleIdentity,
})
