import Together from 'together-ai'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator} from '../../src/emulator/index.js'
import {matching} from '../support/matchers.js'
import {outputRows, type OutputRow} from './output-rows.js'

let emulator: Emulator
let client: Together
let base: string

beforeEach(async () => {
  emulator = await startEmulator({providers: ['together']})
  base = emulator.env().TOGETHER_API_BASE_URL!
  client = new Together({apiKey: 'test-key', baseURL: emulator.env().TOGETHER_BASE_URL, maxRetries: 0})
})
afterEach(() => emulator.close())

const MODEL = 'meta-llama/Llama-3.3-70B-Instruct-Turbo'

function line(customId: string, model = MODEL): string {
  return JSON.stringify({custom_id: customId, body: {model, messages: [{role: 'user', content: `Q ${customId}`}], max_tokens: 20}})
}

/** Section 11.1's three steps over plain HTTP, as bench performs them. */
async function upload(content: string, fileName = 'input.jsonl'): Promise<string> {
  const query = new URLSearchParams({file_name: fileName, file_type: 'jsonl', purpose: 'batch-api'})
  const started = await fetch(`${base}/files?${query.toString()}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {authorization: 'Bearer test-key', 'content-type': 'application/x-www-form-urlencoded'},
    body: query.toString(),
  })
  expect(started.status).toBe(302)
  const location = started.headers.get('location')!
  const fileId = started.headers.get('x-together-file-id')!
  expect(location.startsWith(emulator.urls.together)).toBe(true)
  const put = await fetch(location, {method: 'PUT', headers: {'content-type': 'application/octet-stream'}, body: content})
  expect(put.status).toBe(200)
  return fileId
}

async function submit(lines: string[]): Promise<string> {
  const fileId = await upload(lines.join('\n') + '\n')
  const created = (await client.batches.create({input_file_id: fileId, endpoint: '/v1/chat/completions'})) as unknown as {job: Together.Batches.BatchJob}
  return created.job.id!
}

async function rows(fileId: string | undefined): Promise<OutputRow[]> {
  expect(fileId).toBeDefined()
  return outputRows(await (await client.files.content(fileId!)).text())
}

describe('Together emulator', () => {
  it('uploads through 302 + PUT, unprocessed until the Python SDKs\' preprocess call', async () => {
    const fileId = await upload(line('a') + '\n' + line('b') + '\n', 'mine.jsonl')
    const file = await client.files.retrieve(fileId)
    expect(file).toMatchObject({id: fileId, object: 'file', filename: 'mine.jsonl', purpose: 'batch-api', FileType: 'jsonl', Processed: false, LineCount: 2})
    expect((await client.files.list()).data.map((listed) => listed.id)).toContain(fileId)
    const preprocessed = await fetch(`${base}/files/${fileId}/preprocess`, {method: 'POST', headers: {authorization: 'Bearer k'}})
    expect(await preprocessed.json()).toMatchObject({id: fileId, Processed: true, LineCount: 2})
    expect((await client.files.retrieve(fileId)).Processed).toBe(true)
  })

  it('takes the documented multipart /v1/files/upload, answering the processed file', async () => {
    const form = new FormData()
    form.set('purpose', 'batch-api')
    form.set('file_name', 'multi.jsonl')
    form.set('file', new Blob([line('m')]), 'multi.jsonl')
    const response = await fetch(`${base}/files/upload`, {method: 'POST', body: form, headers: {authorization: 'Bearer k'}})
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({filename: 'multi.jsonl', purpose: 'batch-api', FileType: 'jsonl', Processed: true, LineCount: 1})
    form.delete('file_name')
    const unnamed = await fetch(`${base}/files/upload`, {method: 'POST', body: form, headers: {authorization: 'Bearer k'}})
    expect(unnamed.status).toBe(400)
    expect(await unnamed.json()).toMatchObject({error: {message: 'Missing form field file_name.'}})
  })

  it('creates with 201 {job}, then retrieves a bare COMPLETED job with an output file', async () => {
    const fileId = await upload(line('a') + '\n')
    const response = await fetch(`${base}/batches`, {
      method: 'POST',
      headers: {authorization: 'Bearer k', 'content-type': 'application/json'},
      body: JSON.stringify({input_file_id: fileId, endpoint: '/v1/chat/completions'}),
    })
    expect(response.status).toBe(201)
    const {job} = (await response.json()) as {job: Record<string, unknown>}
    expect(job).toMatchObject({status: 'VALIDATING', progress: 0, model_id: MODEL, input_file_id: fileId})
    expect(job).not.toHaveProperty('request_counts')
    expect(Date.parse(job.job_deadline as string) - Date.parse(job.created_at as string)).toBe(86400_000)

    const done = await client.batches.retrieve(job.id as string)
    expect(done).toMatchObject({status: 'COMPLETED', progress: 100})
    expect(done.error_file_id).toBeUndefined()
    expect(typeof done.completed_at).toBe('string')
    const [row] = await rows(done.output_file_id)
    expect(row).toMatchObject({custom_id: 'a', response: {status_code: 200, body: {model: MODEL, usage: {total_tokens: matching.any(Number)}}}})
    expect(Array.isArray(await client.batches.list())).toBe(true)
  })

  it('cancels to CANCELING then CANCELLED, and answers 409 on a second cancel', async () => {
    const id = await submit([line('c')])
    expect((await client.batches.cancel(id)).status).toBe('CANCELING')
    const cancelled = await client.batches.retrieve(id)
    expect(cancelled.status).toBe('CANCELLED')
    expect((await rows(cancelled.error_file_id))[0]).toMatchObject({custom_id: 'c', error: {code: 'batch_cancelled'}})
    const again = await fetch(`${base}/batches/${id}/cancel`, {method: 'POST', headers: {authorization: 'Bearer k'}})
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({error: 'Cannot cancel job - already in terminal state: CANCELLED'})
  })

  it.each([
    ['a duplicate custom_id', [line('d'), line('d')]],
    ['mixed models', [line('a'), line('b', 'other/model')]],
    ['a line without a model', [JSON.stringify({custom_id: 'n', body: {messages: []}})]],
    ['bad JSON', ['{nope']],
  ])('FAILS a job with %s: an error string and no files', async (_, lines) => {
    const failed = await client.batches.retrieve(await submit(lines))
    expect(failed.status).toBe('FAILED')
    expect((failed as {error?: string}).error).toMatch(/^Line \d+: /)
    expect(failed.output_file_id).toBeUndefined()
    expect(failed.error_file_id).toBeUndefined()
  })

  it('fails a job whose input file does not exist, after a 201', async () => {
    const created = (await client.batches.create({input_file_id: 'file-missing', endpoint: '/v1/chat/completions'})) as unknown as {job: {id: string; status: string}}
    expect(created.job.status).toBe('VALIDATING')
    expect((await client.batches.retrieve(created.job.id)).status).toBe('FAILED')
  })

  it('puts per-line errors in the error file and answers unknown jobs with 404', async () => {
    emulator.faults.add({kind: 'line-error', every: 2, code: 'batch_client_error', message: 'Unable to access model'})
    const job = await client.batches.retrieve(await submit([line('a'), line('b')]))
    expect((await rows(job.output_file_id)).map((row) => row.custom_id)).toEqual(['a'])
    expect((await rows(job.error_file_id))[0]).toMatchObject({custom_id: 'b', error: {code: 'batch_client_error', message: 'Unable to access model'}})
    await expect(client.batches.retrieve('nope')).rejects.toMatchObject({status: 404})
  })

  it('EXPIRES a job with a fraction done: answered lines in the output file, the rest batch_expired', async () => {
    emulator.faults.add({kind: 'expire', provider: 'together', fraction: 0.5, times: 1})
    const job = await client.batches.retrieve(await submit([line('a'), line('b')]))
    expect(job).toMatchObject({status: 'EXPIRED', progress: 50})
    expect((await rows(job.output_file_id)).map((row) => row.custom_id)).toEqual(['a'])
    expect((await rows(job.error_file_id))[0]).toMatchObject({custom_id: 'b', error: {code: 'batch_expired'}})
  })

  it('refuses a bad key on the upload with the 401 envelope', async () => {
    const response = await fetch(`${base}/files?file_name=x.jsonl&file_type=jsonl&purpose=batch-api`, {method: 'POST', redirect: 'manual', headers: {authorization: 'Bearer bad-key'}})
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({error: {code: 'invalid_api_key'}})
  })
})
