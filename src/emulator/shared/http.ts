import type {IncomingHttpHeaders} from 'node:http'

/** What a route handler answers. `body` is sent as JSON unless it is a string or a Buffer. */
export interface Reply {
  status: number
  headers?: Record<string, string>
  body?: unknown
}

/** A JSON reply with `content-type: application/json` (Mistral's SDK insists on it). */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return {status, headers: {'content-type': 'application/json', ...headers}, body}
}

/** A raw reply (file contents, result streams) with the given content type. */
export function raw(body: string | Buffer, contentType: string, status = 200): Reply {
  return {status, headers: {'content-type': contentType}, body}
}

/** A reply without a body, e.g. Together's 302 upload redirect or its PUT's bare 200. */
export function empty(status: number, headers: Record<string, string> = {}): Reply {
  return {status, headers, body: ''}
}

/**
 * A vendor-neutral HTTP error thrown by handlers (and by the engine for auth, faults and unknown
 * routes). Each vendor module's `renderError` turns it into that vendor's envelope.
 */
export class EmulatorHttpError extends Error {
  constructor(
    /** HTTP status, e.g. 404. */
    readonly status: number,
    /**
     * Either a specific machine code (`invalid_api_key`, `rate_limit_exceeded`, `duplicate_custom_id`)
     * or one of the generic ones `invalid_request_error`, `not_found`, `conflict`, `server_error`,
     * which vendor envelopes show as their error type rather than as a code.
     */
    readonly code: string,
    message: string,
    /** The request field at fault, when there is one. */
    readonly param: string | null = null,
    /** Extra response headers, e.g. `retry-after` on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

/** The bearer token of `Authorization: Bearer <key>`, or undefined when absent or empty. */
export function bearerKey(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')
  return match?.[1]?.trim() || undefined
}

/** The key every vendor module rejects, so bench's "bad key" path can be tested end to end. */
export const REJECTED_KEY = 'bad-key'

/** Why a key was refused: absent (`missing`) or the rejected test key (`invalid`). */
export type KeyProblem = 'missing' | 'invalid'

/** Checks a key the vendor's way; undefined means the key is accepted. */
export function keyProblem(key: string | undefined): KeyProblem | undefined {
  if (key === undefined || key === '') return 'missing'
  return key === REJECTED_KEY ? 'invalid' : undefined
}

/** Parses a multipart or urlencoded body with the platform's own parser (WHATWG `Request`). */
export async function parseForm(body: Buffer, contentType: string | undefined): Promise<FormData> {
  const request = new Request('http://emulator.invalid/', {
    method: 'POST',
    headers: {'content-type': contentType ?? 'application/octet-stream'},
    body: new Uint8Array(body),
  })
  try {
    return await request.formData()
  } catch {
    throw new EmulatorHttpError(400, 'invalid_request_error', 'The request body is not valid multipart/form-data or urlencoded form data.')
  }
}

/** Parses a JSON body; an empty or malformed body is the vendor's 400. */
export function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    throw new EmulatorHttpError(400, 'invalid_request_error', 'The request body is not valid JSON.')
  }
}
