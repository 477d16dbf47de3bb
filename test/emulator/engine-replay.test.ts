import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator} from '../../src/emulator/index.js'
import {readRecording, type RecordedBody, type StoredRequest} from './recorded-requests.js'

/**
 * Replays the requests the real SDKs sent to a capture server (providers.md section 11) against
 * the emulator, and checks each answer has what the SDK needed: the recorded status, a JSON
 * content type where the SDK parsed JSON, every field the recorded answer had, and for
 * Together's upload the redirect headers (probes of alternative answers: the status only). Ids are learnt from the emulator's answers as the
 * replay goes. Requests of probes the SDK rejected are skipped, except forced 5xx answers,
 * which are replayed with the matching fault injected to check the error envelope.
 */
const VENDORS = ['openai', 'groq', 'together'] as const

const DROPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'content-type', 'accept-encoding'])

/** The complete lines of a recorded body head (the recording cut file bodies at 200 chars). */
function completeLines(head = ''): string {
  return head.slice(0, head.lastIndexOf('\n') + 1)
}

function requestBody(body: RecordedBody, substitute: (text: string) => string): RequestInit['body'] {
  switch (body.kind) {
    case 'empty':
      return undefined
    case 'json':
      return substitute(JSON.stringify(body.json))
    case 'form':
      return new URLSearchParams(body.form)
    case 'raw':
      return completeLines(body.head)
    case 'multipart': {
      const form = new FormData()
      for (const part of body.parts ?? []) {
        if (part.filename === undefined) form.set(part.name, part.value ?? '')
        else form.set(part.name, new Blob([completeLines(part.head)], {type: part.contentType}), part.filename)
      }
      return form
    }
  }
}

/** Replays one vendor's recording; ids in paths and bodies are rewritten to the emulator's. */
class Replayer {
  private readonly ids = new Map<string, string>()
  private lastCreate: StoredRequest | undefined

  constructor(private readonly origin: string) {}

  async send(recorded: StoredRequest): Promise<Response> {
    let path = this.substitute(recorded.path)
    if (recorded.method === 'POST' && /\/batches$/.test(recorded.path)) this.lastCreate = recorded
    if (recorded.method === 'POST' && recorded.path.endsWith('/cancel')) {
      // The capture server answered a cancel after a completed retrieve, which no real API does:
      // cancel a fresh copy of the batch instead.
      const fresh = await this.json(await this.request(this.lastCreate!, this.substitute(this.lastCreate!.path)))
      const id = ((fresh.job ?? fresh) as {id: string}).id
      path = path.replace(/\/batches\/[^/]+\/cancel$/, `/batches/${id}/cancel`)
    }
    const response = await this.request(recorded, path)
    this.learnFromHeaders(recorded.response.headers, response.headers)
    return response
  }

  /** Records the emulator's id for each id of the recorded answer found at the same place. */
  learn(recorded: unknown, actual: unknown, key = ''): void {
    if (typeof recorded === 'string' && typeof actual === 'string' && /(^|_)id$/.test(key) && recorded !== actual) this.ids.set(recorded, actual)
    if (typeof recorded !== 'object' || recorded === null || typeof actual !== 'object' || actual === null) return
    for (const [name, value] of Object.entries(recorded)) this.learn(value, (actual as Record<string, unknown>)[name], name)
  }

  private learnFromHeaders(recorded: Record<string, string>, actual: Headers): void {
    const recordedId = recorded['x-together-file-id']
    const actualId = actual.get('x-together-file-id')
    if (recordedId !== undefined && actualId !== null) this.ids.set(recordedId, actualId)
    const recordedLocation = recorded.location
    const actualLocation = actual.get('location')
    if (recordedLocation !== undefined && actualLocation !== null) {
      const from = new URL(recordedLocation)
      const to = new URL(actualLocation)
      this.ids.set(from.pathname + from.search, to.pathname + to.search)
    }
  }

  private substitute(text: string): string {
    let result = text
    for (const [from, to] of [...this.ids].sort(([a], [b]) => b.length - a.length)) result = result.split(from).join(to)
    return result
  }

  private request(recorded: StoredRequest, path: string): Promise<Response> {
    const headers = Object.fromEntries(Object.entries(recorded.headers).filter(([name]) => !DROPPED_HEADERS.has(name)))
    if (headers.authorization !== undefined) headers.authorization = 'Bearer replay-key'
    if (recorded.body.kind === 'json') headers['content-type'] = 'application/json'
    if (recorded.body.kind === 'form') headers['content-type'] = 'application/x-www-form-urlencoded'
    if (recorded.body.kind === 'raw') headers['content-type'] = recorded.headers['content-type'] ?? 'application/octet-stream'
    return fetch(this.origin + path, {method: recorded.method, headers, body: requestBody(recorded.body, (text) => this.substitute(text)), redirect: 'manual'})
  }

  private async json(response: Response): Promise<Record<string, unknown>> {
    return (await response.json()) as Record<string, unknown>
  }
}

/**
 * Fields the capture server sent Groq although Groq has none such (it reused OpenAI's shapes):
 * providers.md 7.2 lists Groq's file fields, and groq-sdk's Batch type has no `model`.
 */
function inventedByCapture(vendor: string, recorded: Record<string, unknown>, key: string): boolean {
  if (vendor !== 'groq') return false
  if (recorded.object === 'file') return ['status', 'expires_at', 'status_details'].includes(key)
  return recorded.object === 'batch' && key === 'model'
}

/** Every field of the recorded answer is present in the emulator's, recursively. */
function expectFields(vendor: string, recorded: unknown, actual: unknown, where: string): void {
  if (typeof recorded !== 'object' || recorded === null || Array.isArray(recorded)) return
  expect(actual, where).toBeTypeOf('object')
  for (const [key, value] of Object.entries(recorded)) {
    if (inventedByCapture(vendor, recorded as Record<string, unknown>, key)) continue
    expect(actual, `${where}: field ${key}`).toHaveProperty([key])
    if (value !== null) expectFields(vendor, value, (actual as Record<string, unknown>)[key], `${where}.${key}`)
  }
}

/** Result-row fields the capture server gave Together from OpenAI's rows; 6.5 shows neither. */
const TOGETHER_ROW_INVENTIONS = new Set(['request_id', 'error'])

/** The recording cut file contents short: every field name in its first line's prefix is in ours. */
function expectFieldNames(vendor: string, recorded: string, actualLine: string, where: string): void {
  JSON.parse(actualLine)
  for (const [, name] of recorded.split('\n')[0]!.matchAll(/"(\w+)":/g)) {
    if (vendor === 'together' && TOGETHER_ROW_INVENTIONS.has(name!)) continue
    expect(actualLine, where).toContain(`"${name}":`)
  }
}

describe('replay of the recorded SDK requests', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({providers: [...VENDORS]})
  })
  afterAll(() => emulator.close())

  it.each(VENDORS)('%s: every request the SDK needed is answered as it needs', async (vendor) => {
    const recording = readRecording(vendor)
    const okRequests = new Set(recording.steps.filter((step) => step.ok).flatMap((step) => step.requests))
    const replayer = new Replayer(emulator.urls[vendor])
    let replayed = 0
    for (const recorded of recording.requests) {
      const where = `${vendor} #${recorded.seq} ${recorded.method} ${recorded.path}`
      const forcedError = recorded.response.status >= 500
      if (!okRequests.has(recorded.seq) && !forcedError) continue
      if (forcedError) {
        const status = recorded.response.status as 500 | 502
        emulator.faults.add({kind: 'http', match: {provider: vendor, method: recorded.method, path: /./}, status, times: 1})
      }
      const response = await replayer.send(recorded)
      replayed += 1
      expect(response.status, where).toBe(recorded.response.status)
      if (response.status === 302) {
        expect(response.headers.get('location'), where).toMatch(new RegExp(`^${emulator.urls[vendor]}/`))
        expect(response.headers.get('x-together-file-id'), where).toBeTruthy()
        continue
      }
      const text = await response.text()
      // A probe showed the SDK also takes another answer; the emulator gives its one documented answer.
      if (recorded.variant !== 'default' && !forcedError) continue
      if (typeof recorded.response.body === 'object' && recorded.response.body !== null) {
        expect(response.headers.get('content-type'), where).toMatch(/^application\/json/)
        const body = JSON.parse(text) as unknown
        expectFields(vendor, recorded.response.body, body, where)
        replayer.learn(recorded.response.body, body)
      } else if (typeof recorded.response.body === 'string' && recorded.response.body.startsWith('{')) {
        expectFieldNames(vendor, recorded.response.body, text.split('\n')[0]!, where)
      }
    }
    expect(replayed).toBeGreaterThan(5)
  })
})
