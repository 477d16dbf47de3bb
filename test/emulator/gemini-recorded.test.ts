import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator} from '../../src/emulator/index.js'
import {Replayer, distinctRequests, loadRecording, shapeMismatches, type RecordedRequest} from './recorded-requests.js'
import {matching} from '../support/matchers.js'

const recording = loadRecording('gemini')
/** Fields the SDK treats as optional: proto3 JSON leaves out zero counts and unset names. */
const OPTIONAL = new Set(['displayName', 'successfulRequestCount', 'failedRequestCount', 'pendingRequestCount'])
/** The recording keeps only the head of each upload chunk; this is a whole file of the same rows. */
const UPLOAD = [
  {key: 'request-1', request: {contents: [{role: 'user', parts: [{text: 'Describe photosynthesis.'}]}], generationConfig: {temperature: 0.7}}},
  {key: 'request-2', request: {contents: [{role: 'user', parts: [{text: 'Name three planets.'}]}]}},
]
  .map((row) => JSON.stringify(row) + '\n')
  .join('')

describe('gemini emulator answers the recorded @google/genai 3.3 requests', () => {
  let emulator: Emulator
  let replayer: Replayer

  beforeAll(async () => {
    emulator = await startEmulator({providers: ['gemini']})
    replayer = new Replayer(emulator.urls.gemini, {'x-goog-api-key': 'test-key'})
  })
  afterAll(() => emulator.close())

  // Sequential on purpose: later requests use the ids earlier answers handed out.
  for (const request of distinctRequests(recording)) {
    it(`#${request.seq} ${request.method} ${request.path} (${request.variant})`, async () => {
      const live = await replayer.send(request, request.body.kind === 'raw' ? UPLOAD : undefined)
      expect(live.status, live.text).toBe(200)
      const command = request.headers['x-goog-upload-command']
      if (command === 'start') return expectUploadStarted(request, live.headers)
      if (command !== undefined) {
        // The SDK retries a chunk answered without x-goog-upload-status, and takes `file` from a final one.
        expect(live.headers.get('x-goog-upload-status')).toBe(command.includes('finalize') ? 'final' : 'active')
        expect(live.json).toMatchObject({file: {name: matching.stringMatching(/^files\//)}})
        return
      }
      if (request.path.includes(':download')) {
        expect(live.headers.get('content-type')).toBe('application/octet-stream')
        for (const row of live.text.trim().split('\n')) expect(Object.keys(JSON.parse(row) as Record<string, unknown>)).toEqual(matching.arrayContaining(['key']))
        return
      }
      expect(live.headers.get('content-type')).toMatch(/^application\/json/)
      // An answer the SDK refused is no model; the emulator's is checked by the SDK tests instead.
      if (request.accepted) expect(shapeMismatches(request.response.body, live.json, OPTIONAL)).toEqual([])
    })
  }

  /** The SDK needs x-goog-upload-url (any host) and sends its chunks to that path. */
  function expectUploadStarted(request: RecordedRequest, headers: Headers): void {
    const url = headers.get('x-goog-upload-url')
    expect(url).toMatch(/\/upload\/v\w+\/files\?upload_id=/)
    expect(headers.get('x-goog-upload-status')).toBe('active')
    const recorded = request.response.headers['x-goog-upload-url']
    const uploadId = (address: string): string => new URL(address).searchParams.get('upload_id')!
    // The probe whose start answer lacked the header never sent a chunk: nothing to learn.
    if (recorded !== undefined) replayer.learn(uploadId(recorded), uploadId(url!), true)
  }
})
