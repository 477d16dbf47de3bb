import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {SDK_REQUESTS} from '../support/fixtures.js'

/**
 * Replays the requests the official SDKs sent to a capture server
 * (`test/fixtures/sdk-requests/<vendor>.json`) against the emulator. Ids the capture
 * server handed out (`msgbatch_01abc`, `batches/123456789`, `UP1`) are swapped for the ones the
 * emulator hands out as the replay learns them from its answers.
 */

/** Headers fetch sets itself, or that only made sense on the capture connection. */
const TRANSPORT_HEADERS = new Set(['host', 'connection', 'content-length', 'accept-encoding'])
/** Response fields that name something the replay must map to the emulator's own names. */
const IDENTIFIER_FIELDS = new Set(['id', 'name', 'responsesFile', 'output_file', 'error_file'])

/** A request body as the capture server kept it; file contents only in part (`head`, cut at 200 chars). */
export type RecordedBody =
  | {kind: 'empty'}
  | {kind: 'json'; json: unknown}
  | {kind: 'form'; form: Record<string, string>}
  | {kind: 'raw'; bytes: number; head: string}
  | {kind: 'multipart'; parts: {name: string; filename?: string; contentType?: string; value?: string; head?: string}[]}

/** One request an SDK sent, and what the capture server answered, as the recording stores it. */
export interface StoredRequest {
  seq: number
  /** `default`, or the name of a probe of what else the SDK tolerates (a bare Together job, ...). */
  variant: string
  method: string
  path: string
  headers: Record<string, string>
  body: RecordedBody
  response: {status: number; headers: Record<string, string>; body: unknown}
}

/** A vendor's recording: the steps the capture ran (`ok`: the SDK took the answers) and every request sent. */
export interface Recording {
  steps: {name: string; ok: boolean; requests: number[]}[]
  requests: StoredRequest[]
}

export interface RecordedRequest extends StoredRequest {
  /** Whether the SDK accepted the capture server's answer: only then is that answer a model to match. */
  accepted: boolean
}

/** The vendor's recording as stored. */
export function readRecording(vendor: string): Recording {
  return JSON.parse(readFileSync(join(SDK_REQUESTS, `${vendor}.json`), 'utf8')) as Recording
}

/** The vendor's recorded requests, each marked accepted unless a step the SDK failed sent it. */
export function loadRecording(vendor: string): RecordedRequest[] {
  const recording = readRecording(vendor)
  const rejected = new Set(recording.steps.filter((step) => !step.ok).flatMap((step) => step.requests))
  return recording.requests.map((request) => ({...request, accepted: !rejected.has(request.seq)}))
}

/**
 * The requests worth replaying: an SDK retry (the same request again, in the same probe, right
 * after the capture server answered badly on purpose) is left out.
 */
export function distinctRequests(requests: RecordedRequest[]): RecordedRequest[] {
  const signature = (request: RecordedRequest): string => `${request.variant} ${request.method} ${request.path} ${JSON.stringify(request.body)}`
  return requests.filter((request, index) => index === 0 || signature(request) !== signature(requests[index - 1]!))
}

/** What came back for one replayed request. */
export interface LiveResponse {
  status: number
  headers: Headers
  text: string
  /** The body parsed, when it is JSON. */
  json: unknown
}

export class Replayer {
  private readonly names = new Map<string, string>()

  constructor(
    private readonly origin: string,
    /** Replaces each redacted secret header (`authorization`, `x-goog-api-key`). */
    private readonly secrets: Record<string, string>,
  ) {}

  /** Maps a recorded name to the emulator's; `replace` for names that are reused (upload ids). */
  learn(recorded: string, live: string, replace = false): void {
    if (recorded === live || (this.names.has(recorded) && !replace)) return
    this.names.set(recorded, live)
    const [recordedTail, liveTail] = [recorded.split('/').at(-1)!, live.split('/').at(-1)!]
    if (recordedTail !== recorded) this.learn(recordedTail, liveTail, replace)
  }

  /** Learns the names in a recorded answer from the emulator's answer to the same request. */
  learnFrom(recorded: unknown, live: unknown): void {
    if (!isObject(recorded) || !isObject(live)) return
    for (const [key, value] of Object.entries(recorded)) {
      const counterpart = live[key]
      if (IDENTIFIER_FIELDS.has(key) && typeof value === 'string' && typeof counterpart === 'string') this.learn(value, counterpart)
      else this.learnFrom(value, counterpart)
    }
  }

  /** The text with every learnt recorded name replaced, longest first. */
  substitute(text: string): string {
    const recorded = [...this.names.keys()].sort((left, right) => right.length - left.length)
    return recorded.reduce((result, name) => result.replaceAll(name, this.names.get(name)!), text)
  }

  /** Sends a recorded request; `body` replaces a recorded body that was only kept in part. */
  async send(request: RecordedRequest, body?: string | FormData): Promise<LiveResponse> {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) {
      if (TRANSPORT_HEADERS.has(name)) continue
      // A rebuilt multipart body carries its own boundary.
      if (name === 'content-type' && body instanceof FormData) continue
      headers[name] = this.secrets[name] ?? value
    }
    const payload = body ?? (request.body.kind === 'json' ? this.substitute(JSON.stringify(request.body.json)) : undefined)
    const response = await fetch(`${this.origin}${this.substitute(request.path)}`, {method: request.method, headers, body: payload})
    const text = await response.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    this.learnFrom(request.response.body, json)
    return {status: response.status, headers: response.headers, text, json}
  }
}

/**
 * Where the emulator's answer lacks a field the recorded answer had, or gives it another JSON
 * type. Recorded nulls are skipped (the SDKs take null or a value there), and so are `lenient`
 * keys when the emulator leaves them out or null (fields the SDK types as optional or nullable).
 */
export function shapeMismatches(recorded: unknown, live: unknown, lenient: ReadonlySet<string> = new Set(), path = '$'): string[] {
  if (recorded === null || recorded === undefined) return []
  if (typeOf(recorded) !== typeOf(live)) return [`${path}: expected ${typeOf(recorded)}, got ${typeOf(live)}`]
  if (Array.isArray(recorded)) return recorded.length > 0 && (live as unknown[]).length > 0 ? shapeMismatches(recorded[0], (live as unknown[])[0], lenient, `${path}[0]`) : []
  if (!isObject(recorded)) return []
  const counterpart = live as Record<string, unknown>
  return Object.entries(recorded).flatMap(([key, value]) =>
    lenient.has(key) && (counterpart[key] === undefined || counterpart[key] === null) ? [] : shapeMismatches(value, counterpart[key], lenient, `${path}.${key}`),
  )
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return Number.isInteger(value) ? 'integer' : typeof value
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
