import type {BatchRetrieveResponse} from 'groq-sdk/resources/batches'

import {openAIStyleStatus} from '../shared/openai-batch-status.js'
import {bearerConnection, createStatusReader, type VendorConnection} from '../shared/status-reader.js'

/** Groq as its SDK reaches it: `GROQ_BASE_URL` (an origin; the API lives under `/openai/v1`) and a bearer key. */
export function groqConnection(): VendorConnection {
  return bearerConnection({
    label: 'Groq',
    keyVariable: 'GROQ_API_KEY',
    baseUrlVariable: 'GROQ_BASE_URL',
    defaultBaseURL: 'https://api.groq.com',
    customHeadersVariable: 'GROQ_CUSTOM_HEADERS',
  })
}

/** `GET /openai/v1/batches/{id}`, as `sdk.batches.retrieve(id)` sends it. */
export const groqStatusReader = createStatusReader<BatchRetrieveResponse>({
  connect: groqConnection,
  path: (id) => `/openai/v1/batches/${encodeURIComponent(id)}`,
  // Groq's batch object is OpenAI's.
  toStatus: openAIStyleStatus,
})
