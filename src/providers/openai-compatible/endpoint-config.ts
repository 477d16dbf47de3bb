import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type {Destination} from '../../core/destinations/destination.js'
import {guardKeyDestination, type KeyDestination, type SettingOrigin} from '../../core/destinations/host-policy.js'
import {variableSource} from '../../core/env.js'
import {UserError} from '../../core/errors.js'
import {VENDOR_ADDRESSES} from '../addresses.js'

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
  /** Where `base_url` and `key_variable` were set, when not by bench's built-in file. */
  set_by: {base_url?: SettingOrigin; key_variable?: SettingOrigin}
  /** Whose key `key_variable` holds and the origins it belongs at: see `keyHomes`. */
  key_home: KeyDestination['owner']
}

/** The user's file, read from the working directory. */
export const USER_ENDPOINTS_FILE = 'bench.endpoints.json'

const BUILT_IN_FILE = fileURLToPath(new URL('../../../data/endpoints.json', import.meta.url))

const DEFAULTS = {max_concurrency: 8, timeout_seconds: 300, files: false}

type EndpointFields = Partial<Omit<EndpointConfig, 'name' | 'set_by' | 'key_home'>>

/** Every endpoint known here: built-in ones, then the user's, by name. */
export async function loadEndpoints(root = '.'): Promise<Map<string, EndpointConfig>> {
  const builtIn = await readEndpointsFile(BUILT_IN_FILE, true)
  const user = await readEndpointsFile(join(root, USER_ENDPOINTS_FILE), false)
  const homes = keyHomes(builtIn, user)
  const endpoints = new Map<string, EndpointConfig>()
  for (const name of new Set([...Object.keys(builtIn), ...Object.keys(user)])) {
    const fields = {...DEFAULTS, ...builtIn[name], ...user[name]}
    const setBy = (field: 'base_url' | 'key_variable') =>
      user[name]?.[field] === undefined ? undefined : {setting: `endpoints.${name}.${field}`, source: USER_ENDPOINTS_FILE}
    const origins = {base_url: setBy('base_url'), key_variable: setBy('key_variable')}
    const home = fields.key_variable === undefined ? undefined : homes.get(fields.key_variable)
    endpoints.set(name, checkedEndpoint(name, fields, origins, home ?? {label: `endpoint ${name}'s`, origins: []}))
  }
  return endpoints
}

/**
 * Where each key variable may go without the user's allowance. A vendor's key: the vendor's own
 * origins (an endpoint may not borrow it). A built-in endpoint's key: that endpoint's built-in
 * origin, wherever a user's file points the endpoint. A key the user's file introduces: the one
 * origin its endpoints give it; when they give it several, none (it would be one endpoint's key
 * sent to another's server).
 */
function keyHomes(builtIn: Record<string, EndpointFields>, user: Record<string, EndpointFields>): Map<string, KeyDestination['owner']> {
  const homes = new Map<string, KeyDestination['owner']>()
  for (const address of Object.values(VENDOR_ADDRESSES)) {
    for (const variable of address.keyVariables) homes.set(variable, {label: `${address.label}'s`, origins: address.officialOrigins})
  }
  for (const [name, fields] of Object.entries(builtIn)) {
    const origin = originOf(fields.base_url)
    if (fields.key_variable !== undefined && !homes.has(fields.key_variable)) {
      homes.set(fields.key_variable, {label: `endpoint ${name}'s`, origins: origin === undefined ? [] : [origin]})
    }
  }
  const introduced = new Map<string, {names: string[]; origins: Set<string>}>()
  for (const [name, fields] of Object.entries(user)) {
    const variable = fields.key_variable ?? builtIn[name]?.key_variable
    if (variable === undefined || homes.has(variable)) continue
    const entry = introduced.get(variable) ?? {names: [], origins: new Set<string>()}
    entry.names.push(name)
    const origin = originOf(fields.base_url ?? builtIn[name]?.base_url)
    if (origin !== undefined) entry.origins.add(origin)
    introduced.set(variable, entry)
  }
  for (const [variable, {names, origins}] of introduced) {
    homes.set(variable, {label: `endpoint ${names.join(' and ')}'s`, origins: origins.size === 1 ? [...origins] : []})
  }
  return homes
}

function originOf(url: unknown): string | undefined {
  return typeof url === 'string' && URL.canParse(url) ? new URL(url).origin : undefined
}

/** The endpoint of this name, with any base URL override from the environment applied. */
export async function resolveEndpoint(name: string, root = '.'): Promise<EndpointConfig> {
  const endpoints = await loadEndpoints(root)
  const endpoint = endpoints.get(name)
  if (endpoint === undefined) {
    throw new UserError(`no endpoint named "${name}": use one of ${[...endpoints.keys()].join(', ')}, or add it to ${USER_ENDPOINTS_FILE}`)
  }
  const variable = endpoint.base_url_variable
  const override = variable === undefined ? undefined : process.env[variable]?.trim()
  if (!override) return endpoint
  if (!/^https?:\/\//.test(override) || !URL.canParse(override)) {
    throw new UserError(`${variable} in ${variableSource(variable!)} is not an http(s) URL ("${override}"): write it as http://host:port/v1, or unset it`)
  }
  return {...endpoint, base_url: override.replace(/\/+$/, ''), set_by: {...endpoint.set_by, base_url: {setting: variable!, source: variableSource(variable!)}}}
}

/**
 * The key for this endpoint, or undefined for one that takes none. Refuses in one line when it
 * is not set, or when it would go to a host it does not belong at (see `keyHomes`) without the
 * user's allowance. Never echoed anywhere.
 */
export function endpointKey(endpoint: EndpointConfig): string | undefined {
  if (endpoint.key_variable === undefined) return undefined
  const key = process.env[endpoint.key_variable]?.trim()
  if (!key) {
    throw new UserError(`${endpoint.key_variable} is not set (the key of endpoint "${endpoint.name}"): add it to .env in this directory or export it in your shell`)
  }
  guardKeyDestination(keyDestination(endpoint, endpoint.key_variable))
  return key
}

/** The endpoint as a sending command's card shows it; throws when its key may not go there. */
export function endpointDestination(endpoint: EndpointConfig): Destination {
  const setBy = [endpoint.set_by.base_url, endpoint.set_by.key_variable].filter((origin) => origin !== undefined)
  const destination: Destination = {to: `endpoint ${endpoint.name}`, host: new URL(endpoint.base_url).host, ...(setBy.length > 0 && {set_by: setBy})}
  if (endpoint.key_variable === undefined) return destination
  return {...destination, key_variable: endpoint.key_variable, allowed: guardKeyDestination(keyDestination(endpoint, endpoint.key_variable))}
}

function keyDestination(endpoint: EndpointConfig, keyVariable: string): KeyDestination {
  const setBy = [endpoint.set_by.base_url, endpoint.set_by.key_variable].filter((origin) => origin !== undefined)
  return {keyVariable, url: new URL(endpoint.base_url), owner: endpoint.key_home, setBy}
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
function checkedEndpoint(name: string, fields: EndpointFields, set_by: EndpointConfig['set_by'], key_home: EndpointConfig['key_home']): EndpointConfig {
  const problem = (field: string, expected: string): UserError =>
    new UserError(`endpoint "${name}" in ${USER_ENDPOINTS_FILE}: "${field}" must be ${expected}`)
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) throw problem('name', 'lowercase letters, digits, ".", "_" or "-"')
  if (typeof fields.base_url !== 'string' || !/^https?:\/\//.test(fields.base_url) || !URL.canParse(fields.base_url)) throw problem('base_url', 'an http(s) URL')
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
    set_by,
    key_home,
  }
}
