import Groq, {toFile} from 'groq-sdk'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator} from '../../src/emulator/index.js'
import {matching} from '../support/matchers.js'
import {outputRows} from './output-rows.js'

let emulator: Emulator
let client: Groq

beforeEach(async () => {
  emulator = await startEmulator({providers: ['groq']})
  client = new Groq({apiKey: 'test-key', baseURL: emulator.env().GROQ_BASE_URL, maxRetries: 0})
})
afterEach(() => emulator.close())

function line(customId: string, model = 'llama-3.1-8b-instant'): string {
  return JSON.stringify({custom_id: customId, method: 'POST', url: '/v1/chat/completions', body: {model, messages: [{role: 'user', content: `Q ${customId}`}]}})
}

async function submit(lines: string[], completionWindow = '24h'): Promise<Groq.Batches.BatchCreateResponse> {
  const file = await client.files.create({file: await toFile(Buffer.from(lines.join('\n')), 'in.jsonl'), purpose: 'batch'})
  return client.batches.create({input_file_id: file.id!, endpoint: '/v1/chat/completions', completion_window: completionWindow, metadata: {bench_name: 'g'}})
}

describe('Groq emulator through groq-sdk', () => {
  it('runs the OpenAI-style flow under /openai/v1 with Groq ids and x_groq bodies', async () => {
    const file = await client.files.create({file: await toFile(Buffer.from(line('a')), 'in.jsonl'), purpose: 'batch'})
    expect(file.id).toMatch(/^file_01[0-9a-z]{24}$/)
    expect((await client.files.info(file.id!)).filename).toBe('in.jsonl')
    const created = await client.batches.create({input_file_id: file.id!, endpoint: '/v1/chat/completions', completion_window: '24h'})
    expect(created).toMatchObject({status: 'validating', output_file_id: null, metadata: null})
    expect(created.id).toMatch(/^batch_01/)
    const done = await client.batches.retrieve(created.id)
    expect(done).toMatchObject({status: 'completed', request_counts: {total: 1, completed: 1, failed: 0}})
    const [row] = outputRows(await (await client.files.content(done.output_file_id!)).text())
    expect(row).toMatchObject({custom_id: 'a', response: {status_code: 200, body: {x_groq: {}, usage: {prompt_tokens: matching.any(Number)}}}})
    expect(emulator.requests.every((entry) => entry.path.startsWith('/openai/v1/'))).toBe(true)
  })

  it('accepts windows from 24h to 7d and refuses others', async () => {
    const week = await submit([line('w')], '7d')
    expect(week.expires_at! - week.created_at).toBe(7 * 86400)
    await expect(submit([line('x')], '8d')).rejects.toMatchObject({status: 400})
    await expect(submit([line('y')], '1h')).rejects.toMatchObject({status: 400})
  })

  it('lists without paging fields and keeps metadata', async () => {
    await submit([line('l')])
    const list = (await client.batches.list()) as unknown as Record<string, unknown> & {data: {metadata: unknown}[]}
    expect(Object.keys(list).sort()).toEqual(['data', 'object'])
    expect(list.data[0]!.metadata).toEqual({bench_name: 'g'})
  })

  it('fails a mixed-model batch and cancels another', async () => {
    const failed = await client.batches.retrieve((await submit([line('a'), line('b', 'llama-3.3-70b-versatile')])).id)
    expect(failed).toMatchObject({status: 'failed', output_file_id: null, error_file_id: null})
    expect(failed.errors?.data?.[0]).toMatchObject({code: 'mismatched_model', line: 2})
    const other = await submit([line('c')])
    expect((await client.batches.cancel(other.id)).status).toBe('cancelling')
    expect((await client.batches.retrieve(other.id)).status).toBe('cancelled')
  })

  it('refuses a bad key with 401 and a purpose other than batch with 400', async () => {
    const bad = new Groq({apiKey: 'bad-key', baseURL: emulator.env().GROQ_BASE_URL, maxRetries: 0})
    await expect(bad.batches.list()).rejects.toMatchObject({status: 401})
    const form = new FormData()
    form.set('purpose', 'fine-tune')
    form.set('file', new Blob([line('p')]), 'p.jsonl')
    const response = await fetch(`${emulator.urls.groq}/openai/v1/files`, {method: 'POST', body: form, headers: {authorization: 'Bearer k'}})
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({error: {param: 'purpose', type: 'invalid_request_error'}})
  })

  it('renders an injected 500 in the Groq envelope', async () => {
    emulator.faults.add({kind: 'http', match: {provider: 'groq', operation: 'batches.retrieve'}, status: 500, times: 1})
    await expect(client.batches.retrieve('batch_x')).rejects.toBeInstanceOf(Groq.InternalServerError)
  })
})
