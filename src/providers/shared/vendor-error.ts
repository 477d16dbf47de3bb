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

/**
 * One line: the vendor's own message plus what to do. The SDKs' errors differ (Stainless
 * `status` + parsed body, Gemini `status` + JSON text, Mistral `statusCode` + raw body), so the
 * status and message are dug out structurally. The key is scrubbed in case a vendor echoes it.
 */
export function vendorError(vendor: Vendor, error: unknown): UserError {
  if (error instanceof UserError) return error
  const status = statusOf(error)
  const message = scrub(oneLine(messageOf(error)), vendor.key)
  const detail = message === '' ? '' : `: ${message}`
  if (status === undefined) {
    return new UserError(
      `${vendor.label} could not be reached${detail}; check the network (and any base URL override), then retry`,
      {exitCode: VENDOR_EXIT_CODE},
    )
  }
  return new UserError(`${vendor.label} answered ${status}${detail}; ${advice(status, message, vendor)}`, {
    exitCode: VENDOR_EXIT_CODE,
  })
}

function advice(status: number, message: string, vendor: Vendor): string {
  if (status === 401 || status === 403 || /api[ _-]?key/i.test(message)) {
    return `check ${vendor.keyVariable} in .env`
  }
  if (status === 404) return 'check the model name and that the batch belongs to this account'
  if (status === 429) return 'rate limit or quota reached: wait a while and re-run the command, it resumes where it stopped'
  if (status >= 500) return `${vendor.label} is having trouble: wait a while and re-run the command`
  return 'the request was refused as shown; fix it and re-run the command'
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
  const fromBody = bodyMessage(record.error) ?? bodyMessage(parseJson(record.body)) ?? bodyMessage(parseJson(record.message))
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

/** A 2xx answer that lacks what bench needs (an id, a name): the vendor's fault, so exit 3. */
export function incompleteAnswer(label: string, problem: string): UserError {
  return new UserError(`${label} ${problem}; run \`bench list\` and re-run the command`, {exitCode: VENDOR_EXIT_CODE})
}
