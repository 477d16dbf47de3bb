import {expectStatus} from '../shared/http-failure.js'
import type {GeminiConnection} from './connection.js'

/**
 * Downloads a results file (`files/batch-...:download?alt=media`) as a stream: the SDK's
 * `files.download` only writes to a local path.
 */
export async function geminiDownload(connection: GeminiConnection, fetch: typeof globalThis.fetch, file: string): Promise<Response> {
  const response = await fetch(`${connection.baseURL}/${file}:download?alt=media`, {headers: connection.headers})
  return expectStatus(response, [200])
}
