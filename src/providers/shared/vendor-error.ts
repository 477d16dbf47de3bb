import {UnreadableAnswer} from './answer-shape.js'
import {UserError} from '../../core/errors.js'

/** Who is being called, for error messages: the label users know and the key to scrub. */
export interface Vendor {
  /** e.g. `OpenAI`. */
  label: string
  /** The environment variable the key came from, named in advice about bad keys. */
  keyVariable: string
  key: string
}

/** Vendor failures (bad key, unknown model, quota, outage) exit with 3, distinct from bad input. */
export const VENDOR_EXIT_CODE = 3

const MAX_MESSAGE_LENGTH = 300

/** Runs one vendor call, turning whatever the SDK throws into a one-line UserError. */
export async function callVendor<T>(vendor: Vendor, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    throw vendorError(vendor, error)
  }
}

/**
 * Streams a vendor iterable, turning failures mid-stream into a one-line UserError as well.
 * Nothing runs, not even the SDK's construction, until the first line is asked for.
 */
export async function* streamVendor<T>(vendor: () => Vendor, source: () => AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* source()
  } catch (error) {
    if (error instanceof UserError) throw error
    throw vendorError(vendor(), error)
  }
}

/** What kind of failure a vendor error is: what the user does about it depends on this. */
export type VendorErrorKind = 'auth' | 'not_found' | 'rate_limit' | 'invalid_request' | 'server_error' | 'unreachable'

/**
 * The response headers that carry the vendor's id of a request, quoted to its support: OpenAI's
 * and Groq's `x-request-id` (openai-node reads it into `requestID`), Anthropic's `request-id`
 * (likewise), Mistral's gateway's `x-kong-request-id`. Gemini's errors carry none.
 */
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-kong-request-id'] as const

/**
 * One line: the failure's kind, the vendor's request id when it sent one, its own message, and
 * what to do; `--json` gets the kind, status and request id as fields. The SDKs' errors differ
 * (Stainless `status` + parsed body + headers, Gemini `status` + JSON text, Mistral `statusCode`
 * + raw body + headers), so they are read structurally. The key is scrubbed in case a vendor echoes it.
 */
export function vendorError(vendor: Vendor, error: unknown): UserError {
  if (error instanceof UserError) return error
  if (error instanceof UnreadableAnswer) return unreadableAnswer(`${vendor.label}'s answer`, error)
  const status = statusOf(error)
  const message = scrub(oneLine(messageOf(error)), vendor.key)
  const detail = message === '' ? '' : `: ${message}`
  if (status === undefined) {
    return new UserError(`${vendor.label} could not be reached${detail}; check the network (and any base URL override), then retry`, {
      exitCode: VENDOR_EXIT_CODE,
      details: {kind: 'unreachable' satisfies VendorErrorKind},
    })
  }
  const kind = kindOf(status, message)
  // A status was read from it: it is an object.
  const requestId = requestIdOf(error as object)
  const facts = requestId === undefined ? kind : `${kind}, request ${requestId}`
  return new UserError(`${vendor.label} answered ${status} (${facts})${detail}; ${advice(kind, vendor)}`, {
    exitCode: VENDOR_EXIT_CODE,
    details: {kind, status, ...(requestId !== undefined && {request_id: requestId})},
  })
}

function kindOf(status: number, message: string): VendorErrorKind {
  // Gemini answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID (providers.md 4.8).
  if (status === 401 || status === 403 || /api[ _-]?key/i.test(message)) return 'auth'
  if (status === 404) return 'not_found'
  if (status === 429) return 'rate_limit'
  if (status === 408 || status >= 500) return 'server_error'
  return 'invalid_request'
}

function advice(kind: VendorErrorKind, vendor: Vendor): string {
  switch (kind) {
    case 'auth':
      return `check ${vendor.keyVariable} in .env`
    case 'not_found':
      return 'check the model name and that the batch belongs to this account'
    case 'rate_limit':
      return 'rate limit or quota reached: wait a while and re-run the command, it resumes where it stopped'
    case 'server_error':
      return `${vendor.label} is having trouble: wait a while and re-run the command`
    default:
      return 'the request was refused as shown; fix it and re-run the command'
  }
}

/** The SDK's own `requestID`, else a request-id header, else the `request_id` of the error body (Anthropic, Together). */
function requestIdOf(error: object): string | undefined {
  const record = error as {requestID?: unknown; headers?: unknown; error?: unknown; body?: unknown; message?: unknown}
  if (typeof record.requestID === 'string' && record.requestID !== '') return record.requestID
  const headers = record.headers as {get?: unknown} | undefined
  if (typeof headers?.get === 'function') {
    for (const name of REQUEST_ID_HEADERS) {
      const value = (headers.get as (name: string) => unknown).call(headers, name)
      if (typeof value === 'string' && value !== '') return value
    }
  }
  for (const body of [record.error, parseJson(record.body), parseJson(record.message)]) {
    const id = (body as {request_id?: unknown} | undefined)?.request_id
    if (typeof id === 'string' && id !== '') return id
  }
  return undefined
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const record = error as {status?: unknown; statusCode?: unknown}
  const status = typeof record.status === 'number' ? record.status : record.statusCode
  return typeof status === 'number' && status > 0 ? status : undefined
}

/** The most specific message the error carries: a parsed vendor body beats the SDK's wrapper text. */
function messageOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error)
  const record = error as {error?: unknown; body?: unknown; message?: unknown; cause?: unknown}
  const fromBody = bodyMessage(record.error) ?? bodyMessage(parseJson(record.body) ?? record.body) ?? bodyMessage(parseJson(record.message))
  if (fromBody !== undefined) return fromBody
  const message = typeof record.message === 'string' ? record.message : withoutMessage(error)
  const cause = record.cause instanceof Error ? ` (${record.cause.message})` : ''
  return message + cause
}

/** What an object thrown without a message was; String() would say "[object Object]". */
function withoutMessage(error: object): string {
  const kind = (error as {constructor?: {name?: unknown}}).constructor?.name
  return `${typeof kind === 'string' && kind !== '' ? kind : 'an object'} thrown without a message`
}

/** `{error:{message}}` (OpenAI, Gemini), `{error:{error:{message}}}` (Anthropic), `{message}`, `{detail}`, `{error:"..."}`. */
function bodyMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body === '' ? undefined : body
  if (typeof body !== 'object' || body === null) return undefined
  const record = body as {error?: unknown; message?: unknown; detail?: unknown}
  if (typeof record.message === 'string') return record.message
  if (typeof record.detail === 'string') return record.detail
  return bodyMessage(record.error)
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return undefined
  try {
    return JSON.parse(value)
  } catch {
    return undefined
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > MAX_MESSAGE_LENGTH ? `${flat.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : flat
}

/** Removes the key (and any prefix of it long enough to identify it) from a message. */
export function scrub(text: string, key: string): string {
  if (key.length < 8) return key === '' ? text : text.split(key).join('***')
  return text.split(key).join('***').replace(new RegExp(escapeRegExp(key.slice(0, 8)) + '\\S*', 'g'), '***')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** One line: what could not be read and why, exit 3 (the vendor's side); never a guess at what it meant. */
export function unreadableAnswer(label: string, error: UnreadableAnswer): UserError {
  return new UserError(
    `${label} could not be read: ${error.message}; bench does not guess at an answer it cannot read: re-run the command later, and report it if it persists`,
    {exitCode: VENDOR_EXIT_CODE},
  )
}

/** A 2xx answer that lacks what bench needs (an id, a name): the vendor's fault, so exit 3. */
export function incompleteAnswer(label: string, problem: string): UserError {
  return new UserError(`${label} ${problem}; run \`bench list\` and re-run the command`, {exitCode: VENDOR_EXIT_CODE})
}
