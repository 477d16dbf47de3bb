import {expectStatus} from '../shared/http-failure.js'

/** Where the SDK is pointed; bench's own reads go to the same place with the same key. */
export interface GeminiEndpoint {
  baseUrl: string
  apiVersion: string
  key: string
  fetch: typeof fetch
}

/**
 * A GET of a REST resource (`batches/123`, `files/batch-123:download?alt=media`), for what the
 * SDK cannot give: the raw operation with its counts, and a results file as a stream (its
 * `files.download` only writes to a local path).
 */
export async function geminiGet(endpoint: GeminiEndpoint, path: string): Promise<Response> {
  const response = await endpoint.fetch(`${endpoint.baseUrl}/${endpoint.apiVersion}/${path}`, {
    headers: {'x-goog-api-key': endpoint.key},
  })
  return expectStatus(response, [200])
}
