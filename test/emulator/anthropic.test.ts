import Anthropic from '@anthropic-ai/sdk'
import type {MessageBatchIndividualResponse} from '@anthropic-ai/sdk/resources/messages/batches'
import {afterEach, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator, type EmulatorOptions} from '../../src/emulator/index.js'
import {matching} from '../support/matchers.js'

const MODEL = 'claude-sonnet-4-5'
const SCHEMA = {type: 'object', properties: {answer: {type: 'string'}, confidence: {type: 'number'}}, required: ['answer', 'confidence'], additionalProperties: false}

let emulator: Emulator | undefined

afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function start(options: EmulatorOptions = {}): Promise<{client: Anthropic; origin: string}> {
  emulator = await startEmulator({...options, providers: ['anthropic']})
  const origin = emulator.urls.anthropic
  return {client: new Anthropic({apiKey: 'test-key', baseURL: origin, maxRetries: 0}), origin}
}

/** A clock the test moves by hand. */
function manualClock(): {now: () => number; advance(seconds: number): void} {
  let time = Date.parse('2026-11-24T12:00:00Z')
  return {now: () => time, advance: (seconds) => (time += seconds * 1000)}
}

function request(customId: string, params: Record<string, unknown> = {}): Anthropic.Messages.BatchCreateParams.Request {
  return {custom_id: customId, params: {model: MODEL, max_tokens: 64, messages: [{role: 'user', content: `Question ${customId}`}], ...params}}
}

async function results(client: Anthropic, id: string): Promise<MessageBatchIndividualResponse[]> {
  const lines: MessageBatchIndividualResponse[] = []
  for await (const line of await client.messages.batches.results(id)) lines.push(line)
  return lines
}

function texts(line: MessageBatchIndividualResponse): {text: string[]; thinking: string[]} {
  if (line.result.type !== 'succeeded') throw new Error(`${line.custom_id} did not succeed`)
  const content = line.result.message.content
  return {
    text: content.flatMap((block) => (block.type === 'text' ? [block.text] : [])),
    thinking: content.flatMap((block) => (block.type === 'thinking' ? [block.thinking] : [])),
  }
}

describe('anthropic emulator through @anthropic-ai/sdk', () => {
  it('runs a batch to ended: plain, schema, thinking and invalid-params lines', async () => {
    const {client, origin} = await start()
    const created = await client.messages.batches.create({
      requests: [
        request('plain', {system: 'Be brief'}),
        request('schema', {output_config: {format: {type: 'json_schema', schema: SCHEMA}}}),
        request('legacy-schema', {output_format: {type: 'json_schema', schema: SCHEMA}}),
        request('thinks', {max_tokens: 4096, thinking: {type: 'enabled', budget_tokens: 2048}}),
        {custom_id: 'no-max-tokens', params: {model: MODEL, messages: [{role: 'user', content: 'Hi'}]}} as never,
      ],
    })
    expect(created).toMatchObject({type: 'message_batch', processing_status: 'in_progress', results_url: null, ended_at: null})
    expect(created.id).toMatch(/^msgbatch_01/)
    expect(created.request_counts).toEqual({processing: 5, succeeded: 0, errored: 0, canceled: 0, expired: 0})
    expect(Date.parse(created.expires_at) - Date.parse(created.created_at)).toBe(24 * 3600 * 1000)

    const ended = await client.messages.batches.retrieve(created.id)
    expect(ended.processing_status).toBe('ended')
    expect(ended.request_counts).toEqual({processing: 0, succeeded: 4, errored: 1, canceled: 0, expired: 0})
    expect(ended.results_url).toBe(`${origin}/v1/messages/batches/${created.id}/results`)
    expect(ended.ended_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)

    const lines = await results(client, created.id)
    const byId = new Map(lines.map((line) => [line.custom_id, line]))
    expect([...byId.keys()].sort()).toEqual(['legacy-schema', 'no-max-tokens', 'plain', 'schema', 'thinks'])
    expect(texts(byId.get('plain')!).text[0]).toContain('Question plain')
    for (const id of ['schema', 'legacy-schema']) expect(Object.keys(JSON.parse(texts(byId.get(id)!).text[0]!) as Record<string, unknown>)).toEqual(['answer', 'confidence'])

    const thinks = byId.get('thinks')!
    if (thinks.result.type !== 'succeeded') throw new Error('thinks failed')
    expect(thinks.result.message.content.map((block) => block.type)).toEqual(['thinking', 'text'])
    expect(texts(thinks).thinking[0]).not.toEqual(texts(thinks).text[0])
    expect(thinks.result.message.usage.output_tokens_details?.thinking_tokens).toBeGreaterThan(0)
    expect(thinks.result.message.usage.service_tier).toBe('batch')

    expect(byId.get('no-max-tokens')!.result).toEqual({
      type: 'errored',
      error: {type: 'error', error: {type: 'invalid_request_error', message: 'max_tokens: Field required'}, request_id: null},
    })
  })

  it('serves results as application/x-jsonl and 404s them before the batch ends', async () => {
    const clock = manualClock()
    const {client, origin} = await start({batchSeconds: 100, now: clock.now})
    const batch = await client.messages.batches.create({requests: [request('a')]})
    await expect(client.messages.batches.results(batch.id)).rejects.toThrow(/No batch `results_url`/)
    const early = await fetch(`${origin}/v1/messages/batches/${batch.id}/results`, {headers: {'x-api-key': 'test-key'}})
    expect(early.status).toBe(404)
    expect(await early.json()).toMatchObject({type: 'error', error: {type: 'not_found_error', message: `Message Batch ${batch.id} has no available results.`}})

    clock.advance(100)
    expect((await client.messages.batches.retrieve(batch.id)).processing_status).toBe('ended')
    const response = await fetch(`${origin}/v1/messages/batches/${batch.id}/results`, {headers: {authorization: 'Bearer test-key'}})
    expect(response.headers.get('content-type')).toBe('application/x-jsonl')
  })

  it('rejects bad batches synchronously with the error envelope', async () => {
    const {client, origin} = await start()
    const cases: [Anthropic.Messages.BatchCreateParams.Request[], string][] = [
      [[request('dup'), request('dup')], "requests: custom_id's must be unique within a batch. Duplicate custom_id found: dup"],
      [[request('has space')], "requests.0.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'"],
      [[request('x'.repeat(65))], "requests.0.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'"],
      [[], 'requests: List should have at least 1 item after validation, not 0'],
    ]
    for (const [requests, message] of cases) {
      const error = await client.messages.batches.create({requests}).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(Anthropic.BadRequestError)
      expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({type: 'error', error: {type: 'invalid_request_error', message}})
    }
    const raw = await fetch(`${origin}/v1/messages/batches`, {method: 'POST', headers: {'x-api-key': 'k', 'content-type': 'application/json'}, body: '{"requests": ['})
    expect(raw.status).toBe(400)
    expect(await raw.json()).toMatchObject({type: 'error', error: {type: 'invalid_request_error'}, request_id: matching.stringMatching(/^req_/)})
    const listed = await client.messages.batches.list()
    expect(listed.data).toEqual([])
  })

  it('cancels part way: canceling, then ended with canceled lines and the finished ones kept', async () => {
    const clock = manualClock()
    const {client} = await start({batchSeconds: 100, now: clock.now})
    const batch = await client.messages.batches.create({requests: ['a', 'b', 'c', 'd'].map((id) => request(id))})
    clock.advance(10 + 40) // validation, then half of the running time: two of four lines done
    const running = await client.messages.batches.retrieve(batch.id)
    // Two lines ran, but Anthropic counts nothing as done until the whole batch has ended.
    expect(running.request_counts).toEqual({processing: 4, succeeded: 0, errored: 0, canceled: 0, expired: 0})
    expect(emulator!.executed('anthropic')).toHaveLength(2)

    const canceling = await client.messages.batches.cancel(batch.id)
    expect(canceling.processing_status).toBe('canceling')
    expect(canceling.cancel_initiated_at).not.toBeNull()
    expect(canceling.results_url).toBeNull()

    clock.advance(10)
    const ended = await client.messages.batches.retrieve(batch.id)
    expect(ended.processing_status).toBe('ended')
    expect(ended.request_counts).toEqual({processing: 0, succeeded: 2, errored: 0, canceled: 2, expired: 0})
    const types = Object.fromEntries((await results(client, batch.id)).map((line) => [line.custom_id, line.result.type]))
    expect(types).toEqual({a: 'succeeded', b: 'succeeded', c: 'canceled', d: 'canceled'})
    expect(emulator!.executed('anthropic').map((line) => line.custom_id)).toEqual(['a', 'b'])
  })

  it('lists most recent first and pages with after_id / before_id', async () => {
    const {client} = await start()
    const ids: string[] = []
    for (const name of ['one', 'two', 'three']) ids.push((await client.messages.batches.create({requests: [request(name)]})).id)
    const newestFirst = [...ids].reverse()

    const first = await client.messages.batches.list({limit: 2})
    expect(first.data.map((batch) => batch.id)).toEqual(newestFirst.slice(0, 2))
    expect(first).toMatchObject({has_more: true, first_id: newestFirst[0], last_id: newestFirst[1]})
    const second = await first.getNextPage()
    expect(second.data.map((batch) => batch.id)).toEqual(newestFirst.slice(2))
    expect(second.has_more).toBe(false)

    const all: string[] = []
    for await (const batch of client.messages.batches.list({limit: 1})) all.push(batch.id)
    expect(all).toEqual(newestFirst)
    const before = await client.messages.batches.list({before_id: newestFirst[2]!, limit: 1})
    expect(before.data.map((batch) => batch.id)).toEqual([newestFirst[1]])
  })

  it('accepts x-api-key (SDK 0.x) and Bearer (1.x) with any anthropic-version, and rejects a bad key', async () => {
    const {origin} = await start()
    const body = JSON.stringify({requests: [request('a')]})
    const post = (headers: Record<string, string>) => fetch(`${origin}/v1/messages/batches`, {method: 'POST', headers: {'content-type': 'application/json', ...headers}, body})
    expect((await post({'x-api-key': 'k', 'anthropic-version': '2023-06-01'})).status).toBe(200)
    expect((await post({authorization: 'Bearer k', 'anthropic-version': '2026-10-21'})).status).toBe(200)
    const missing = await post({})
    expect(missing.status).toBe(401)
    expect(await missing.json()).toMatchObject({type: 'error', error: {type: 'authentication_error'}})
    const rejected = new Anthropic({apiKey: 'bad-key', baseURL: origin, maxRetries: 0})
    await expect(rejected.messages.batches.list()).rejects.toBeInstanceOf(Anthropic.AuthenticationError)
  })

  it('deletes only ended batches', async () => {
    const clock = manualClock()
    const {client} = await start({batchSeconds: 100, now: clock.now})
    const batch = await client.messages.batches.create({requests: [request('a')]})
    await expect(client.messages.batches.delete(batch.id)).rejects.toBeInstanceOf(Anthropic.BadRequestError)
    clock.advance(100)
    expect(await client.messages.batches.delete(batch.id)).toEqual({id: batch.id, type: 'message_batch_deleted'})
    await expect(client.messages.batches.retrieve(batch.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError)
  })
})

describe('anthropic emulator faults', () => {
  it('renders HTTP 429 and 5xx in the Anthropic envelope with retry-after', async () => {
    const {client} = await start({
      faults: [
        {kind: 'http', match: {operation: 'batches.list'}, status: 429, retryAfter: 7, times: 1},
        {kind: 'http', match: {operation: 'batches.list'}, status: 503, times: 1},
        {kind: 'http', match: {operation: 'batches.list'}, status: 500, times: 1},
      ],
    })
    const limited = await client.messages.batches.list().catch((caught: unknown) => caught)
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError)
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('7')
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({type: 'error', error: {type: 'rate_limit_error'}})
    const overloaded = await client.messages.batches.list().catch((caught: unknown) => caught)
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({error: {type: 'overloaded_error'}})
    const failed = await client.messages.batches.list().catch((caught: unknown) => caught)
    expect(failed).toBeInstanceOf(Anthropic.InternalServerError)
    expect((await client.messages.batches.list()).data).toEqual([])
  })

  it('lets the SDK retry a 500 and succeed', async () => {
    const {origin} = await start({faults: [{kind: 'http', match: {operation: 'batches.create'}, status: 500, retryAfter: 0, times: 1}]})
    const retrying = new Anthropic({apiKey: 'k', baseURL: origin, maxRetries: 2})
    expect((await retrying.messages.batches.create({requests: [request('a')]})).processing_status).toBe('in_progress')
    expect(emulator!.requests.filter((entry) => entry.operation === 'batches.create').map((entry) => entry.status)).toEqual([500, 200])
  })

  it('turns a validation fault into a synchronous 400, since Anthropic has no failed batches', async () => {
    const {client} = await start({faults: [{kind: 'validation', message: 'The batch was rejected.', times: 1}]})
    await expect(client.messages.batches.create({requests: [request('a')]})).rejects.toThrow(/The batch was rejected/)
    expect((await client.messages.batches.list()).data).toEqual([])
  })

  it('expires part way: finished lines kept, the rest expired', async () => {
    const {client} = await start({faults: [{kind: 'expire', fraction: 0.5}]})
    const batch = await client.messages.batches.create({requests: ['a', 'b', 'c', 'd'].map((id) => request(id))})
    expect((await client.messages.batches.retrieve(batch.id)).request_counts).toEqual({processing: 0, succeeded: 2, errored: 0, canceled: 0, expired: 2})
    expect((await results(client, batch.id)).map((line) => line.result.type)).toEqual(['succeeded', 'succeeded', 'expired', 'expired'])
  })

  it('renders per-line errors as errored results', async () => {
    const {client} = await start({faults: [{kind: 'line-error', customIds: ['b'], status: 529, message: 'Overloaded'}]})
    const batch = await client.messages.batches.create({requests: [request('a'), request('b')]})
    expect((await client.messages.batches.retrieve(batch.id)).request_counts).toMatchObject({succeeded: 1, errored: 1})
    const errored = (await results(client, batch.id)).find((line) => line.custom_id === 'b')!
    expect(errored.result).toEqual({type: 'errored', error: {type: 'error', error: {type: 'overloaded_error', message: 'Overloaded'}, request_id: null}})
  })

  it('writes malformed result lines the JSONL decoder chokes on', async () => {
    const {client, origin} = await start({faults: [{kind: 'malformed-output', customIds: ['b']}]})
    const batch = await client.messages.batches.create({requests: [request('a'), request('b')]})
    await client.messages.batches.retrieve(batch.id)
    await expect(results(client, batch.id)).rejects.toThrow(SyntaxError)
    const text = await (await fetch(`${origin}/v1/messages/batches/${batch.id}/results`, {headers: {'x-api-key': 'k'}})).text()
    const [good, broken] = text.trim().split('\n')
    expect((JSON.parse(good!) as {custom_id: string}).custom_id).toBe('a')
    expect(() => JSON.parse(broken!) as unknown).toThrow()
  })

  it('answers slowly under a delay fault', async () => {
    const {client} = await start({faults: [{kind: 'delay', match: {operation: 'batches.list'}, milliseconds: 300, times: 1}]})
    const started = performance.now()
    await client.messages.batches.list()
    expect(performance.now() - started).toBeGreaterThanOrEqual(280)
  })
})
