import type {Batch} from 'openai/resources/batches'

import {VENDOR_ADDRESSES} from '../addresses.js'
import {openAIStyleIdentity, openAIStyleStatus} from '../shared/openai-batch-status.js'
import {bearerConnection, createStatusReader, type VendorConnection} from '../shared/status-reader.js'

/** OpenAI as its SDK reaches it: `OPENAI_BASE_URL`, a bearer key, and the optional organization and project. */
export function openaiConnection(): VendorConnection {
  const connection = bearerConnection(VENDOR_ADDRESSES.openai)
  const organization = process.env.OPENAI_ORG_ID?.trim()
  const project = process.env.OPENAI_PROJECT_ID?.trim()
  return {
    ...connection,
    headers: {...connection.headers, ...(organization && {'openai-organization': organization}), ...(project && {'openai-project': project})},
  }
}

/** `GET /batches/{id}`, as `sdk.batches.retrieve(id)` sends it. */
export const openaiStatusReader = createStatusReader<Batch>({
  connect: openaiConnection,
  path: (id) => `/batches/${encodeURIComponent(id)}`,
  toStatus: openAIStyleStatus,
  identify: openAIStyleIdentity,
})
