import {UserError} from '../../core/errors.js'
import {VENDOR_EXIT_CODE, scrub} from '../shared/vendor-error.js'
import {endpointKey, type EndpointConfig} from './endpoint-config.js'

/** What `bench models --endpoint NAME` learnt: the connection works, the key is taken, these models are served. */
export interface EndpointModels {
  endpoint: string
  base_url: string
  /** The key's variable (never its value), or undefined for an endpoint that takes none. */
  key_variable?: string
  models: string[]
}

const TIMEOUT_MS = 30_000

/** `GET <base_url>/models`: a connection test that also checks the key. */
export async function listEndpointModels(endpoint: EndpointConfig): Promise<EndpointModels> {
  const key = endpointKey(endpoint)
  let response: Response
  try {
    response = await fetch(`${endpoint.base_url}/models`, {
      headers: key === undefined ? {} : {authorization: `Bearer ${key}`},
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (error) {
    const cause = (error as {cause?: {message?: string}}).cause?.message ?? (error as Error).message
    throw new UserError(`endpoint "${endpoint.name}" could not be reached at ${endpoint.base_url} (${cause}); check that the server runs and its base_url`, {
      exitCode: VENDOR_EXIT_CODE,
    })
  }
  const text = await response.text()
  if (!response.ok) {
    const advice = response.status === 401 || response.status === 403 ? `the key was refused: check ${endpoint.key_variable ?? 'its key_variable'}` : 'check its base_url'
    const detail = scrub(text.replace(/\s+/g, ' ').trim().slice(0, 200), key ?? '')
    throw new UserError(`endpoint "${endpoint.name}" answered ${response.status}${detail === '' ? '' : `: ${detail}`}; ${advice}`, {exitCode: VENDOR_EXIT_CODE})
  }
  const models = modelIds(text)
  if (models === undefined) {
    // A web page or another API answering 200 is no model list: "0 models" would hide a wrong base_url.
    throw new UserError(`endpoint "${endpoint.name}" answered ${endpoint.base_url}/models with no model list ({"data": [{"id": ...}]}); check its base_url (it ends in /v1 on most servers)`, {
      exitCode: VENDOR_EXIT_CODE,
    })
  }
  return {endpoint: endpoint.name, base_url: endpoint.base_url, key_variable: endpoint.key_variable, models}
}

/** `{data: [{id}]}` (OpenAI, OpenRouter, vLLM, Ollama's /v1), sorted; undefined when the answer is not such a list. */
function modelIds(text: string): string[] | undefined {
  let data: unknown
  try {
    data = (JSON.parse(text) as {data?: unknown} | null)?.data
  } catch {
    return undefined
  }
  if (!Array.isArray(data)) return undefined
  return data.flatMap((model: unknown) => (typeof model === 'object' && model !== null && 'id' in model && typeof model.id === 'string' ? [model.id] : [])).sort()
}
