import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {UserError} from '../../core/errors.js'

/**
 * A server that speaks OpenAI chat completions (OpenRouter, vLLM, Ollama...), by name. Built-in
 * ones are in bench's `data/endpoints.json`; a user's `bench.endpoints.json` in the working
 * directory adds endpoints or replaces built-in ones field by field.
 */
export interface EndpointConfig {
  name: string
  /** Up to and including `/v1`: requests go to `<base_url>/chat/completions`. */
  base_url: string
  /** The variable holding the key; absent for servers that take none (a local Ollama). */
  key_variable?: string
  /** A variable that, when set, replaces `base_url` (the emulator sets it; so can a user). */
  base_url_variable?: string
  /** Requests in flight at once. */
  max_concurrency: number
  /** Requests started in any minute, at most; absent: no limit but the concurrency. */
  requests_per_minute?: number
  /** One request's time limit, each attempt. */
  timeout_seconds: number
  /** Whether the server reads PDFs as OpenAI `file` parts; without it a PDF is refused at prepare time. */
  files: boolean
}

/** The user's file, read from the working directory. */
export const USER_ENDPOINTS_FILE = 'bench.endpoints.json'

const BUILT_IN_FILE = fileURLToPath(new URL('../../../data/endpoints.json', import.meta.url))

const DEFAULTS = {max_concurrency: 8, timeout_seconds: 300, files: false}

type EndpointFields = Partial<Omit<EndpointConfig, 'name'>>

/** Every endpoint known here: built-in ones, then the user's, by name. */
export async function loadEndpoints(root = '.'): Promise<Map<string, EndpointConfig>> {
  const builtIn = await readEndpointsFile(BUILT_IN_FILE, true)
  const user = await readEndpointsFile(join(root, USER_ENDPOINTS_FILE), false)
  const endpoints = new Map<string, EndpointConfig>()
  for (const name of new Set([...Object.keys(builtIn), ...Object.keys(user)])) {
    endpoints.set(name, checkedEndpoint(name, {...DEFAULTS, ...builtIn[name], ...user[name]}))
  }
  return endpoints
}

/** The endpoint of this name, with any base URL override from the environment applied. */
export async function resolveEndpoint(name: string, root = '.'): Promise<EndpointConfig> {
  const endpoints = await loadEndpoints(root)
  const endpoint = endpoints.get(name)
  if (endpoint === undefined) {
    throw new UserError(`no endpoint named "${name}": use one of ${[...endpoints.keys()].join(', ')}, or add it to ${USER_ENDPOINTS_FILE}`)
  }
  const override = endpoint.base_url_variable === undefined ? undefined : process.env[endpoint.base_url_variable]?.trim()
  return override ? {...endpoint, base_url: override} : endpoint
}

/** The key for this endpoint, or undefined for one that takes none. Never echoed anywhere. */
export function endpointKey(endpoint: EndpointConfig): string | undefined {
  if (endpoint.key_variable === undefined) return undefined
  const key = process.env[endpoint.key_variable]?.trim()
  if (!key) {
    throw new UserError(`${endpoint.key_variable} is not set (the key of endpoint "${endpoint.name}"): add it to .env in this directory or export it in your shell`)
  }
  return key
}

async function readEndpointsFile(path: string, required: boolean): Promise<Record<string, EndpointFields>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new UserError(`cannot read the endpoints file ${path}: ${(error as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new UserError(`endpoints file ${path} is not valid JSON (${(error as Error).message}): shape it like bench's data/endpoints.json`)
  }
  const endpoints = (parsed as {endpoints?: unknown} | null)?.endpoints
  if (typeof endpoints !== 'object' || endpoints === null || Array.isArray(endpoints)) {
    throw new UserError(`endpoints file ${path} has no "endpoints" object: shape it like bench's data/endpoints.json`)
  }
  return endpoints as Record<string, EndpointFields>
}

/** Checks the merged fields of one endpoint; the message names the endpoint and the field. */
function checkedEndpoint(name: string, fields: EndpointFields): EndpointConfig {
  const problem = (field: string, expected: string): UserError =>
    new UserError(`endpoint "${name}" in ${USER_ENDPOINTS_FILE}: "${field}" must be ${expected}`)
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) throw problem('name', 'lowercase letters, digits, ".", "_" or "-"')
  if (typeof fields.base_url !== 'string' || !/^https?:\/\//.test(fields.base_url)) throw problem('base_url', 'an http(s) URL')
  const positive = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0
  if (!positive(fields.max_concurrency)) throw problem('max_concurrency', 'a whole number above 0')
  if (!positive(fields.timeout_seconds)) throw problem('timeout_seconds', 'a whole number above 0')
  if (fields.requests_per_minute !== undefined && !positive(fields.requests_per_minute)) throw problem('requests_per_minute', 'a whole number above 0')
  for (const field of ['key_variable', 'base_url_variable'] as const) {
    if (fields[field] !== undefined && typeof fields[field] !== 'string') throw problem(field, 'the name of an environment variable')
  }
  if (typeof fields.files !== 'boolean') throw problem('files', 'true or false')
  return {
    name,
    base_url: fields.base_url.replace(/\/+$/, ''),
    key_variable: fields.key_variable,
    base_url_variable: fields.base_url_variable,
    max_concurrency: fields.max_concurrency,
    requests_per_minute: fields.requests_per_minute,
    timeout_seconds: fields.timeout_seconds,
    files: fields.files,
  }
}
