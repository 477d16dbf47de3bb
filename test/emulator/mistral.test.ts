import {Mistral} from '@mistralai/mistralai'
import type {BatchJob} from '@mistralai/mistralai/models/components'
import {MistralError} from '@mistralai/mistralai/models/errors'
import {afterEach, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator, type EmulatorOptions} from '../../src/emulator/index.js'
import {matching} from '../support/matchers.js'
import {outputRows, type OutputRow} from './output-rows.js'

const MODEL = 'mistral-small-latest'
const CHAT = '/v1/chat/completions'

type Json = Record<string, unknown>

let emulator: Emulator | undefined

afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function start(options: EmulatorOptions = {}): Promise<{client: Mistral; origin: string}> {
  emulator = await startEmulator({...options, providers: ['mistral']})
  const origin = emulator.urls.mistral
  return {client: new Mistral({apiKey: 'test-key', serverURL: origin}), origin}
}

function manualClock(): {now: () => number; advance(seconds: number): void} {
  let time = Date.parse('2026-11-24T12:00:00Z')
  return {now: () => time, advance: (seconds) => (time += seconds * 1000)}
}

function line(customId: string, body: Json = {}): string {
  return JSON.stringify({custom_id: customId, body: {max_tokens: 100, messages: [{role: 'user', content: `Question ${customId}`}], ...body}})
}

async function upload(client: Mistral, lines: string[]): Promise<string> {
  const file = await client.files.upload({file: {fileName: 'batch.jsonl', content: Buffer.from(lines.join('\n') + '\n')}, purpose: 'batch'})
  return file.id
}

async function runFile(client: Mistral, lines: string[]): Promise<BatchJob> {
  const job = await client.batch.jobs.create({inputFiles: [await upload(client, lines)], endpoint: CHAT, model: MODEL})
  return client.batch.jobs.get({jobId: job.id})
}

async function download(client: Mistral, fileId: string): Promise<string> {
  return new Response(await client.files.download({fileId})).text()
}

async function downloadLines(client: Mistral, fileId: string): Promise<OutputRow[]> {
  return outputRows(await download(client, fileId))
}

describe('mistral emulator through @mistralai/mistralai', () => {
  it('runs a file job: upload, create, get, output and error files', async () => {
    const {client} = await start()
    const uploaded = await client.files.upload({file: {fileName: 'batch.jsonl', content: Buffer.from(`${line('0')}\n${line('1')}\n`)}, purpose: 'batch'})
    expect(uploaded).toMatchObject({object: 'file', purpose: 'batch', sampleType: 'batch_request', source: 'upload', filename: 'batch.jsonl', numLines: 2})
    expect(await client.files.retrieve({fileId: uploaded.id})).toMatchObject({id: uploaded.id, deleted: false})

    const noMessages = JSON.stringify({custom_id: '2', body: {max_tokens: 5}})
    const created = await client.batch.jobs.create({inputFiles: [uploaded.id, await upload(client, [noMessages])], endpoint: CHAT, model: MODEL, metadata: {bench: 'x'}})
    expect(created).toMatchObject({status: 'QUEUED', model: MODEL, errors: [], totalRequests: 3, completedRequests: 0, metadata: {bench: 'x'}})
    expect(Number.isInteger(created.createdAt)).toBe(true)

    const done = await client.batch.jobs.get({jobId: created.id})
    expect(done).toMatchObject({status: 'SUCCESS', totalRequests: 3, completedRequests: 3, succeededRequests: 2, failedRequests: 1})
    const outputs = await downloadLines(client, done.outputFile!)
    expect(outputs.map((row) => row.custom_id)).toEqual(['0', '1'])
    expect(outputs[0]).toMatchObject({custom_id: '0', error: null, response: {status_code: 200, body: {object: 'chat.completion', model: MODEL}}})
    expect(outputs[0]!.response!.body.choices[0]!.message.content).toContain('Question 0')
    expect(outputs[0]!.response!.body.usage).toEqual({prompt_tokens: matching.any(Number), completion_tokens: matching.any(Number), total_tokens: matching.any(Number)})
    expect(await downloadLines(client, done.errorFile!)).toEqual([
      {id: matching.any(String), custom_id: '2', error: null, response: {status_code: 400, body: matching.objectContaining({message: 'messages: Field required'})}},
    ])
    expect(await client.files.retrieve({fileId: done.errorFile!})).toMatchObject({sampleType: 'batch_error', source: 'mistral'})
  })

  it('runs an inline job and returns outputs with ?inline=true', async () => {
    const {client} = await start()
    const job = await client.batch.jobs.create({requests: [{customId: 'a', body: {messages: [{role: 'user', content: 'hi'}]}}], endpoint: CHAT, model: MODEL, timeoutHours: 48})
    expect(job.inputFiles).toEqual([])
    expect((await client.batch.jobs.get({jobId: job.id})).outputs).toBeNull()
    const inline = await client.batch.jobs.get({jobId: job.id, inline: true})
    expect(inline.outputs).toEqual([matching.objectContaining({custom_id: 'a', response: matching.objectContaining({status_code: 200})})])
  })

  it('fails a job whose input has a duplicate custom_id or bad JSON: FAILED with errors, no files', async () => {
    const {client} = await start()
    const duplicate = await runFile(client, [line('a'), line('a')])
    expect(duplicate).toMatchObject({status: 'FAILED', outputFile: null, errorFile: null, totalRequests: 0})
    expect(duplicate.errors).toEqual([{message: matching.stringMatching(/^Line 2: .*custom_id 'a' is a duplicate/), count: 1}])
    const badJson = await runFile(client, [line('a'), '{"custom_id":'])
    expect(badJson.errors[0]!.message).toMatch(/^Line 2: /)
  })

  it('cancels part way: CANCELLATION_REQUESTED, then CANCELLED with unrun lines in the error file', async () => {
    const clock = manualClock()
    const {client} = await start({batchSeconds: 100, now: clock.now})
    const job = await client.batch.jobs.create({inputFiles: [await upload(client, ['a', 'b', 'c', 'd'].map((id) => line(id)))], endpoint: CHAT, model: MODEL})
    clock.advance(50)
    expect(await client.batch.jobs.get({jobId: job.id})).toMatchObject({status: 'RUNNING', completedRequests: 2})
    expect((await client.batch.jobs.cancel({jobId: job.id})).status).toBe('CANCELLATION_REQUESTED')
    clock.advance(10)
    const cancelled = await client.batch.jobs.get({jobId: job.id})
    expect(cancelled).toMatchObject({status: 'CANCELLED', succeededRequests: 2, completedRequests: 2, totalRequests: 4})
    expect((await downloadLines(client, cancelled.outputFile!)).map((row) => row.custom_id)).toEqual(['a', 'b'])
    expect((await downloadLines(client, cancelled.errorFile!)).map((row) => [row.custom_id, row.response, row.error?.code])).toEqual([
      ['c', null, 'cancelled'],
      ['d', null, 'cancelled'],
    ])
  })

  it('lists jobs newest first with page, page_size, status and total', async () => {
    const {client} = await start()
    const ids: string[] = []
    for (const id of ['a', 'b', 'c']) ids.push((await client.batch.jobs.create({requests: [{customId: id, body: {messages: [{role: 'user', content: id}]}}], endpoint: CHAT, model: MODEL})).id)
    const page = await client.batch.jobs.list({page: 0, pageSize: 2})
    expect(page.total).toBe(3)
    expect(page.data?.map((job) => job.id)).toEqual([ids[2], ids[1]])
    expect((await client.batch.jobs.list({page: 1, pageSize: 2})).data?.map((job) => job.id)).toEqual([ids[0]])
    expect((await client.batch.jobs.list({status: ['SUCCESS']})).total).toBe(3)
    expect((await client.batch.jobs.list({status: ['RUNNING']})).total).toBe(0)
  })

  it('serves downloads as application/octet-stream and JSON as application/json', async () => {
    const {client, origin} = await start()
    const done = await runFile(client, [line('a')])
    const headers = {authorization: 'Bearer k'}
    expect((await fetch(`${origin}/v1/files/${done.outputFile}/content`, {headers})).headers.get('content-type')).toBe('application/octet-stream')
    expect((await fetch(`${origin}/v1/batch/jobs/${done.id}`, {headers})).headers.get('content-type')).toBe('application/json')
  })

  it('rejects a missing or bad key with 401', async () => {
    const {origin} = await start()
    const rejected = new Mistral({apiKey: 'bad-key', serverURL: origin})
    const error = await rejected.batch.jobs.list().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(MistralError)
    expect((error as MistralError).statusCode).toBe(401)
    expect((await fetch(`${origin}/v1/batch/jobs`)).status).toBe(401)
  })
})

describe('mistral emulator faults', () => {
  it('renders HTTP 429 and 500 with retry-after; the SDK does not retry by default', async () => {
    const {client} = await start({
      faults: [
        {kind: 'http', match: {operation: 'batches.list'}, status: 429, retryAfter: 4, times: 1},
        {kind: 'http', match: {operation: 'batches.list'}, status: 500, times: 1},
      ],
    })
    const limited = (await client.batch.jobs.list().catch((caught: unknown) => caught)) as MistralError
    expect(limited.statusCode).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('4')
    expect(JSON.parse(limited.body)).toMatchObject({object: 'error', type: 'rate_limited'})
    expect(((await client.batch.jobs.list().catch((caught: unknown) => caught)) as MistralError).statusCode).toBe(500)
    expect((await client.batch.jobs.list()).total).toBe(0)
  })

  it('fails a job on a validation fault with the reason in errors', async () => {
    const {client} = await start({faults: [{kind: 'validation', message: 'Rejected input.'}]})
    const failed = await runFile(client, [line('a')])
    expect(failed).toMatchObject({status: 'FAILED', errors: [{message: 'Line 1: Rejected input.', count: 1}]})
  })

  it('times out part way: TIMEOUT_EXCEEDED, finished lines kept, the rest in the error file', async () => {
    const {client} = await start({faults: [{kind: 'expire', fraction: 0.5}]})
    const job = await runFile(client, [line('a'), line('b')])
    expect(job).toMatchObject({status: 'TIMEOUT_EXCEEDED', succeededRequests: 1, totalRequests: 2})
    expect((await downloadLines(client, job.errorFile!))[0]).toMatchObject({custom_id: 'b', response: null, error: {code: 'timeout_exceeded'}})
  })

  it('writes per-line errors and malformed lines into the result files', async () => {
    const {client} = await start({
      faults: [
        {kind: 'line-error', customIds: ['b'], status: 500, message: 'Internal error'},
        {kind: 'malformed-output', customIds: ['c']},
      ],
    })
    const job = await runFile(client, [line('a'), line('b'), line('c')])
    expect(job).toMatchObject({succeededRequests: 2, failedRequests: 1})
    expect((await downloadLines(client, job.errorFile!))[0]).toMatchObject({custom_id: 'b', response: {status_code: 500, body: {message: 'Internal error'}}})
    const [good, broken] = (await download(client, job.outputFile!)).trim().split('\n')
    expect((JSON.parse(good!) as {custom_id: string}).custom_id).toBe('a')
    expect(() => JSON.parse(broken!) as unknown).toThrow()
  })

  it('answers slowly under a delay fault', async () => {
    const {client} = await start({faults: [{kind: 'delay', match: {operation: 'batches.list'}, milliseconds: 300, times: 1}]})
    const started = performance.now()
    await client.batch.jobs.list()
    expect(performance.now() - started).toBeGreaterThanOrEqual(280)
  })
})
