import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator} from '../../src/emulator/index.js'
import {Replayer, distinctRequests, loadRecording, shapeMismatches, type RecordedBody} from './recorded-requests.js'
import {matching} from '../support/matchers.js'

const recording = loadRecording('mistral')
/** The recording keeps only the head of each uploaded file; this is a whole file of the same rows. */
const UPLOAD = [
  {custom_id: '0', body: {max_tokens: 100, messages: [{role: 'user', content: 'What is the best French cheese?'}]}},
  {custom_id: '1', body: {max_tokens: 100, messages: [{role: 'user', content: 'And the best wine?'}]}},
]
  .map((row) => JSON.stringify(row) + '\n')
  .join('')

/** A multipart body rebuilt from the recorded parts, with the whole file in place of its head. */
function form(body: RecordedBody): FormData | undefined {
  if (body.kind !== 'multipart') return undefined
  const data = new FormData()
  for (const part of body.parts) {
    if (part.filename === undefined) data.append(part.name, part.value ?? '')
    else data.append(part.name, new Blob([UPLOAD]), part.filename)
  }
  return data
}

describe('mistral emulator answers the recorded @mistralai/mistralai 2.7 requests', () => {
  let emulator: Emulator
  let replayer: Replayer

  beforeAll(async () => {
    emulator = await startEmulator({providers: ['mistral']})
    replayer = new Replayer(emulator.urls.mistral, {authorization: 'Bearer test-key'})
  })
  afterAll(() => emulator.close())

  // Sequential on purpose: later requests use the ids earlier answers handed out.
  for (const request of distinctRequests(recording)) {
    it(`#${request.seq} ${request.method} ${request.path} (${request.variant})`, async () => {
      const live = await replayer.send(request, form(request.body))
      // The SDK keeps a serverURL path prefix, so a prefixed path is simply not a route (11.2).
      expect(live.status, live.text).toBe(request.response.status === 404 ? 404 : 200)
      if (live.status === 404) return
      if (request.path.endsWith('/content')) {
        // The SDK rejects application/json and application/jsonl here (11.5).
        expect(live.headers.get('content-type')).toBe('application/octet-stream')
        for (const row of live.text.trim().split('\n')) expect(JSON.parse(row)).toMatchObject({custom_id: matching.any(String)})
        return
      }
      expect(live.headers.get('content-type')).toMatch(/^application\/json/)
      // An answer the SDK refused is no model; the emulator's is checked by the SDK tests instead.
      if (request.accepted) expect(shapeMismatches(request.response.body, live.json)).toEqual([])
    })
  }
})
