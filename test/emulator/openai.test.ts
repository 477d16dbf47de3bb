import {createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import OpenAI, {toFile} from 'openai'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator} from '../../src/emulator/index.js'
import {outputRows, type OutputRow} from './output-rows.js'

let emulator: Emulator
let client: OpenAI

beforeEach(async () => {
  emulator = await startEmulator({providers: ['openai'], seed: 7})
  client = new OpenAI({apiKey: 'test-key', baseURL: emulator.env().OPENAI_BASE_URL, maxRetries: 0})
})
afterEach(() => emulator.close())

function line(customId: string, body: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): string {
  const request = {model: 'gpt-4.1-mini', messages: [{role: 'user', content: `Question ${customId}`}], ...body}
  return JSON.stringify({custom_id: customId, method: 'POST', url: '/v1/chat/completions', body: request, ...extra})
}

async function submit(lines: string[], metadata?: Record<string, string>): Promise<OpenAI.Batches.Batch> {
  const file = await client.files.create({file: await toFile(Buffer.from(lines.join('\n') + '\n'), 'input.jsonl'), purpose: 'batch'})
  return client.batches.create({input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata})
}

async function rows(fileId: string | null | undefined): Promise<OutputRow[]> {
  expect(fileId).toBeTruthy()
  return outputRows(await (await client.files.content(fileId!)).text())
}

describe('OpenAI emulator through the openai SDK', () => {
  it('uploads, creates a validating batch, then completes it at the first retrieve', async () => {
    const file = await client.files.create({file: await toFile(Buffer.from(line('a') + '\n'), 'in.jsonl'), purpose: 'batch'})
    expect(file).toMatchObject({object: 'file', purpose: 'batch', filename: 'in.jsonl', bytes: line('a').length + 1, status: 'processed'})
    expect((await client.files.retrieve(file.id)).id).toBe(file.id)

    const created = await client.batches.create({input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: {bench_name: 'run-1'}})
    expect(created).toMatchObject({status: 'validating', output_file_id: null, error_file_id: null, request_counts: {total: 0, completed: 0, failed: 0}})
    expect(created.expires_at! - created.created_at).toBe(86400)

    const done = await client.batches.retrieve(created.id)
    expect(done).toMatchObject({status: 'completed', error_file_id: null, request_counts: {total: 1, completed: 1, failed: 0}, metadata: {bench_name: 'run-1'}})
    expect(done.completed_at).toBeTypeOf('number')
    const [row] = await rows(done.output_file_id)
    expect(row).toMatchObject({custom_id: 'a', error: null, response: {status_code: 200, body: {object: 'chat.completion', model: 'gpt-4.1-mini'}}})
    expect(row!.response!.body.choices[0]!.message.content).toContain('Question a')
    expect(row!.response!.body.usage!.prompt_tokens).toBeGreaterThan(0)
    expect(emulator.executed('openai').map((executed) => executed.custom_id)).toEqual(['a'])
  })

  it('accepts a streamed upload (chunked multipart, no content-length)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'bench-emulator-'))
    const path = join(directory, 'streamed.jsonl')
    writeFileSync(path, line('s1') + '\n' + line('s2') + '\n')
    const file = await client.files.create({file: createReadStream(path), purpose: 'batch'})
    expect(file).toMatchObject({filename: 'streamed.jsonl', bytes: readFileSync(path).length})
    rmSync(directory, {recursive: true})
  })

  it('answers a structured-output request with JSON that fits the schema', async () => {
    const schema = {
      type: 'object',
      properties: {answer: {type: 'string'}, confidence: {type: 'number', minimum: 0, maximum: 1}, kind: {type: 'string', enum: ['x', 'y']}},
      required: ['answer', 'confidence', 'kind'],
      additionalProperties: false,
    }
    const batch = await submit([line('s', {response_format: {type: 'json_schema', json_schema: {name: 'Answer', schema, strict: true}}})])
    const [row] = await rows((await client.batches.retrieve(batch.id)).output_file_id)
    const parsed = JSON.parse(row!.response!.body.choices[0]!.message.content!) as {kind: string; confidence: number}
    expect(Object.keys(parsed).sort()).toEqual(['answer', 'confidence', 'kind'])
    expect(['x', 'y']).toContain(parsed.kind)
    expect(parsed.confidence).toBeGreaterThanOrEqual(0)
    expect(parsed.confidence).toBeLessThanOrEqual(1)
  })

  it('pages the batch list with after and limit', async () => {
    const ids = []
    for (let index = 0; index < 3; index += 1) ids.push((await submit([line(`l${index}`)])).id)
    const first = await client.batches.list({limit: 2})
    expect(first.data.map((batch) => batch.id)).toEqual([ids[2], ids[1]])
    expect(first.has_more).toBe(true)
    const second = await client.batches.list({limit: 2, after: ids[1]})
    expect(second.data.map((batch) => batch.id)).toEqual([ids[0]])
    expect(second.has_more).toBe(false)
    const all = []
    for await (const batch of client.batches.list({limit: 1})) all.push(batch.id)
    expect(all).toEqual([ids[2], ids[1], ids[0]])
  })

  it('cancels: cancelling, then cancelled with every unrun line batch_cancelled in the error file', async () => {
    const batch = await submit([line('c1'), line('c2')])
    const cancelling = await client.batches.cancel(batch.id)
    expect(cancelling).toMatchObject({status: 'cancelling'})
    expect(cancelling.cancelling_at).toBeTypeOf('number')
    const cancelled = await client.batches.retrieve(batch.id)
    expect(cancelled).toMatchObject({status: 'cancelled', output_file_id: null})
    const errors = await rows(cancelled.error_file_id)
    expect(errors.map((row) => [row.custom_id, row.response, row.error?.code])).toEqual([
      ['c1', null, 'batch_cancelled'],
      ['c2', null, 'batch_cancelled'],
    ])
    expect(emulator.executed('openai')).toEqual([])
    await expect(client.batches.cancel(batch.id)).rejects.toMatchObject({status: 400})
  })

  it.each([
    ['bad JSON', ['{"custom_id":'], 'invalid_json_line', 1],
    ['a duplicate custom_id', [line('d'), line('d')], 'duplicate_custom_id', 2],
    ['mixed models', [line('m1'), line('m2', {model: 'gpt-4.1'})], 'mismatched_model', 2],
    ['a wrong url', [line('u', {}, {url: '/v1/embeddings'})], 'invalid_url', 1],
    ['a wrong method', [line('g', {}, {method: 'GET'})], 'invalid_request', 1],
    ['a missing body', [JSON.stringify({custom_id: 'b', method: 'POST', url: '/v1/chat/completions'})], 'missing_required_parameter', 1],
  ])('fails the whole batch on %s, with no files', async (_, lines, code, lineNumber) => {
    const batch = await submit(lines)
    const failed = await client.batches.retrieve(batch.id)
    expect(failed).toMatchObject({status: 'failed', output_file_id: null, error_file_id: null, request_counts: {total: 0, completed: 0, failed: 0}})
    expect(failed.errors?.data?.[0]).toMatchObject({code, line: lineNumber})
    expect(failed.errors?.data?.[0]?.message).toBeTruthy()
    expect(emulator.executed()).toEqual([])
  })

  it('refuses a missing or bad key with 401 invalid_api_key', async () => {
    const bad = new OpenAI({apiKey: 'bad-key', baseURL: emulator.env().OPENAI_BASE_URL, maxRetries: 0})
    await expect(bad.batches.list()).rejects.toMatchObject({status: 401, code: 'invalid_api_key'})
    const response = await fetch(`${emulator.urls.openai}/v1/batches`)
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({error: {type: 'invalid_request_error'}})
  })

  it('answers 404 in the OpenAI envelope for an unknown batch', async () => {
    await expect(client.batches.retrieve('batch_nope')).rejects.toMatchObject({status: 404, type: 'invalid_request_error'})
  })
})

describe('OpenAI emulator faults', () => {
  it('answers a 429 with retry-after the chosen number of times, then recovers', async () => {
    emulator.faults.add({kind: 'http', match: {provider: 'openai', operation: 'batches.list'}, status: 429, retryAfter: 3, times: 1})
    const error = await client.batches.list().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OpenAI.RateLimitError)
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('3')
    await expect(client.batches.list()).resolves.toBeDefined()
  })

  it('lets the SDK retry through a 503 matched by method and path', async () => {
    emulator.faults.add({kind: 'http', match: {method: 'POST', path: /\/batches$/}, status: 503, retryAfter: 0, times: 2})
    const retrying = new OpenAI({apiKey: 'k', baseURL: emulator.env().OPENAI_BASE_URL, maxRetries: 2})
    const file = await retrying.files.create({file: await toFile(Buffer.from(line('r')), 'r.jsonl'), purpose: 'batch'})
    const batch = await retrying.batches.create({input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h'})
    expect(batch.status).toBe('validating')
    expect(emulator.requests.filter((entry) => entry.operation === 'batches.create').map((entry) => entry.status)).toEqual([503, 503, 200])
  })

  it('fails a batch validation on demand', async () => {
    emulator.faults.add({kind: 'validation', provider: 'openai', message: 'Injected failure', times: 1})
    const failed = await client.batches.retrieve((await submit([line('v')])).id)
    expect(failed.status).toBe('failed')
    expect(failed.errors?.data?.[0]?.message).toBe('Injected failure')
    expect((await client.batches.retrieve((await submit([line('w')])).id)).status).toBe('completed')
  })

  it('expires a batch with a fraction done: finished lines in the output, the rest batch_expired', async () => {
    emulator.faults.add({kind: 'expire', fraction: 0.5, times: 1})
    const expired = await client.batches.retrieve((await submit(['e1', 'e2', 'e3', 'e4'].map((id) => line(id)))).id)
    expect(expired).toMatchObject({status: 'expired', request_counts: {total: 4, completed: 2, failed: 2}})
    expect(expired.expired_at).toBeTypeOf('number')
    expect((await rows(expired.output_file_id)).map((row) => row.custom_id)).toEqual(['e1', 'e2'])
    expect((await rows(expired.error_file_id)).map((row) => row.error?.code)).toEqual(['batch_expired', 'batch_expired'])
    expect(emulator.executed('openai')).toHaveLength(2)
  })

  it('turns chosen lines into error rows and breaks chosen output lines', async () => {
    emulator.faults.add({kind: 'line-error', customIds: ['x2'], status: 400, code: 'invalid_value', message: 'Invalid temperature'})
    emulator.faults.add({kind: 'malformed-output', every: 3})
    const batch = await client.batches.retrieve((await submit(['x1', 'x2', 'x3'].map((id) => line(id)))).id)
    expect(batch.request_counts).toMatchObject({completed: 2, failed: 1})
    const [errorRow] = await rows(batch.error_file_id)
    expect(errorRow).toMatchObject({custom_id: 'x2', error: null, response: {status_code: 400, body: {error: {code: 'invalid_value', message: 'Invalid temperature'}}}})
    const output = (await (await client.files.content(batch.output_file_id!)).text()).trim().split('\n')
    expect(outputRows(output[0]!)[0]!.custom_id).toBe('x1')
    expect(() => JSON.parse(output[1]!) as unknown).toThrow()
  })

  it('delays answers when told to be slow', async () => {
    emulator.faults.add({kind: 'delay', match: {operation: 'batches.list'}, milliseconds: 300, times: 1})
    const started = Date.now()
    await client.batches.list()
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('uses a custom responder and its per-line errors', async () => {
    emulator.setResponder((context) => (context.custom_id === 'bad' ? {error: {status: 500, code: 'server_error', message: 'boom'}} : {text: `echo ${context.texts[0]}`}))
    const batch = await client.batches.retrieve((await submit([line('ok'), line('bad')])).id)
    expect((await rows(batch.output_file_id))[0]!.response!.body.choices[0]!.message.content).toBe('echo Question ok')
    expect((await rows(batch.error_file_id))[0]).toMatchObject({custom_id: 'bad', response: {status_code: 500}})
  })
})
