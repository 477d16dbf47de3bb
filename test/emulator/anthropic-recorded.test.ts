import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator} from '../../src/emulator/index.js'
import {Replayer, distinctRequests, loadRecording, shapeMismatches} from './recorded-requests.js'
import {matching} from '../support/matchers.js'

const recording = loadRecording('anthropic')
/** `MessageBatch` fields the SDK types as nullable: set or not depending on where the batch is. */
const NULLABLE = new Set(['ended_at', 'cancel_initiated_at', 'results_url', 'archived_at'])

describe('anthropic emulator answers the recorded @anthropic-ai/sdk 1.13 requests', () => {
  let emulator: Emulator
  let replayer: Replayer

  beforeAll(async () => {
    emulator = await startEmulator({providers: ['anthropic']})
    replayer = new Replayer(emulator.urls.anthropic, {authorization: 'Bearer test-key', 'x-api-key': 'test-key'})
  })
  afterAll(() => emulator.close())

  // Sequential on purpose: later requests use the ids earlier answers handed out.
  for (const request of distinctRequests(recording)) {
    it(`#${request.seq} ${request.method} ${request.path} (${request.variant})`, async () => {
      const live = await replayer.send(request)
      expect(live.status, live.text).toBe(200)
      if (request.path.endsWith('/results')) {
        expect(live.headers.get('content-type')).toBe('application/x-jsonl')
        for (const line of live.text.trim().split('\n')) expect(JSON.parse(line)).toMatchObject({custom_id: matching.any(String), result: {type: matching.any(String)}})
        return
      }
      expect(live.headers.get('content-type')).toMatch(/^application\/json/)
      // An answer the SDK refused is no model; the emulator's is checked by the SDK tests instead.
      if (request.accepted) expect(shapeMismatches(request.response.body, live.json, NULLABLE)).toEqual([])
    })
  }
})

