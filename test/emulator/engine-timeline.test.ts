import OpenAI, {toFile} from 'openai'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator} from '../../src/emulator/index.js'

/** Virtual time: batches of 10 lines that take 20 s, observed at chosen moments. */
const START = Date.UTC(2026, 0, 1)
let clock = START
let emulator: Emulator
let client: OpenAI

beforeEach(async () => {
  clock = START
  emulator = await startEmulator({providers: ['openai'], batchSeconds: 20, now: () => clock})
  client = new OpenAI({apiKey: 'k', baseURL: emulator.env().OPENAI_BASE_URL, maxRetries: 0})
})
afterEach(() => emulator.close())

async function submit(count: number): Promise<string> {
  const lines = Array.from({length: count}, (_, index) =>
    JSON.stringify({custom_id: `r${index}`, method: 'POST', url: '/v1/chat/completions', body: {model: 'm', messages: [{role: 'user', content: 'hi'}]}}),
  )
  const file = await client.files.create({file: await toFile(Buffer.from(lines.join('\n')), 'in.jsonl'), purpose: 'batch'})
  return (await client.batches.create({input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h'})).id
}

async function at(seconds: number, id: string): Promise<OpenAI.Batches.Batch> {
  clock = START + seconds * 1000
  return client.batches.retrieve(id)
}

describe('engine timeline with batchSeconds', () => {
  it('validates, runs lines progressively, finalizes, then completes, with realistic timestamps', async () => {
    const id = await submit(10)
    expect((await at(1, id)).status).toBe('validating')
    const running = await at(10, id)
    expect(running.status).toBe('in_progress')
    expect(running.request_counts).toEqual({total: 10, completed: 5, failed: 0})
    expect(running.in_progress_at).toBe(START / 1000 + 2)
    expect((await at(16, id)).request_counts?.completed).toBe(8)
    expect((await at(19, id)).status).toBe('finalizing')
    const done = await at(25, id)
    expect(done).toMatchObject({status: 'completed', completed_at: START / 1000 + 20, finalizing_at: START / 1000 + 18})
    expect(done.expires_at).toBe(START / 1000 + 86400)
    expect(emulator.executed('openai')).toHaveLength(10)
  })

  it('keeps the lines done before a cancel and marks the rest batch_cancelled', async () => {
    // Lines run from 2 s to 18 s, one every 1.6 s: two are done at 6 s.
    const id = await submit(10)
    clock = START + 6000
    expect((await client.batches.cancel(id)).status).toBe('cancelling')
    expect((await at(7, id)).status).toBe('cancelling')
    const cancelled = await at(9, id)
    expect(cancelled).toMatchObject({status: 'cancelled', request_counts: {total: 10, completed: 2, failed: 8}})
    expect(cancelled.cancelled_at).toBe(START / 1000 + 8)
    const output = (await (await client.files.content(cancelled.output_file_id!)).text()).trim().split('\n')
    expect(output).toHaveLength(2)
    expect(emulator.executed('openai').map((line) => line.custom_id)).toEqual(['r0', 'r1'])
  })

  it('expires at the fraction the fault asks for, at the matching moment', async () => {
    emulator.faults.add({kind: 'expire', fraction: 0.3, times: 1})
    const id = await submit(10)
    expect((await at(4, id)).status).toBe('in_progress')
    const expired = await at(30, id)
    expect(expired).toMatchObject({status: 'expired', request_counts: {completed: 3, failed: 7}})
    expect(expired.expired_at).toBe(Math.floor(START / 1000 + 2 + 0.3 * 16))
  })

  it('never runs a line twice however often the batch is polled', async () => {
    const id = await submit(5)
    for (let second = 0; second <= 22; second += 0.5) await at(second, id)
    expect(emulator.executed('openai').map((line) => line.custom_id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4'])
  })
})
