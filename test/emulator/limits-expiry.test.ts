import Anthropic from '@anthropic-ai/sdk'
import {GoogleGenAI} from '@google/genai'
import {Mistral} from '@mistralai/mistralai'
import OpenAI, {toFile} from 'openai'
import Together from 'together-ai'
import {afterEach, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator, type EmulatorOptions} from '../../src/emulator/index.js'
import type {ProviderName} from '../../src/providers/names.js'
import {ManualClock} from '../support/emulator.js'
import {matching} from '../support/matchers.js'
import {runRawBatch, type RawRows} from './sdk-batches.js'

/**
 * Each vendor's batch limits, enforced where the vendor enforces them (lowered here so a test
 * crosses them with three small requests); uploaded files that expire; ids that never repeat.
 */

let emulator: Emulator | undefined
afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

async function start(provider: ProviderName, options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator({...options, providers: [provider], endpoint: false})
  return emulator
}

const DAY = 24 * 3600

function chatLine(id: string, model: string, openAIStyle = true): string {
  const body = {model, max_tokens: 16, messages: [{role: 'user', content: `Question ${id}`}]}
  return JSON.stringify(openAIStyle ? {custom_id: id, method: 'POST', url: '/v1/chat/completions', body} : {custom_id: id, body})
}

function jsonl(lines: string[]): Buffer {
  return Buffer.from(lines.join('\n') + '\n')
}

describe('batch limits', () => {
  it('openai: refuses a batch file over the byte cap at upload, and fails a batch of too many requests', async () => {
    const running = await start('openai', {limits: {openai: {maxRequests: 2, maxBytes: 600}}})
    const client = new OpenAI({apiKey: 'k', baseURL: running.env().OPENAI_BASE_URL, maxRetries: 0})
    const three = ['a', 'b', 'c'].map((id) => chatLine(id, 'gpt-4.1-mini'))
    await expect(client.files.create({file: await toFile(jsonl([...three, ...three.map((line) => line.replace(/"[abc]"/, '"x"'))]), 'big.jsonl'), purpose: 'batch'})).rejects.toMatchObject({
      status: 400,
      error: {message: 'File is too large.', type: 'invalid_request_error'},
    })
    const file = await client.files.create({file: await toFile(jsonl(three), 'three.jsonl'), purpose: 'batch'})
    const created = await client.batches.create({input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h'})
    const failed = await client.batches.retrieve(created.id)
    expect(failed).toMatchObject({status: 'failed', output_file_id: null, request_counts: {total: 0}})
    expect(failed.errors?.data?.[0]).toMatchObject({line: 3, message: 'The input file holds more than 2 requests, the most a batch may hold.'})
    const two = await client.files.create({file: await toFile(jsonl(three.slice(0, 2)), 'two.jsonl'), purpose: 'batch'})
    const fits = await client.batches.create({input_file_id: two.id, endpoint: '/v1/chat/completions', completion_window: '24h'})
    expect((await client.batches.retrieve(fits.id)).status).toBe('completed')
  })

  it('together: a job over either cap is created, then FAILED with the reason', async () => {
    const running = await start('together', {limits: {together: {maxRequests: 2, maxBytes: 400}}})
    const client = new Together({apiKey: 'k', baseURL: running.env().TOGETHER_BASE_URL, maxRetries: 0})
    const upload = async (lines: string[]): Promise<string> => {
      const form = new FormData()
      form.set('purpose', 'batch-api')
      form.set('file_name', 'in.jsonl')
      form.set('file', new Blob([jsonl(lines)]), 'in.jsonl')
      const response = await fetch(`${running.env().TOGETHER_BASE_URL}/files/upload`, {method: 'POST', body: form, headers: {authorization: 'Bearer k'}})
      return ((await response.json()) as {id: string}).id
    }
    const run = async (lines: string[]): Promise<Together.Batches.BatchJob> => {
      const created = (await client.batches.create({input_file_id: await upload(lines), endpoint: '/v1/chat/completions'})) as unknown as {job: Together.Batches.BatchJob}
      return client.batches.retrieve(created.job.id!)
    }
    const lines = ['a', 'b', 'c'].map((id) => chatLine(id, 'meta-llama/Llama-3.3-70B-Instruct-Turbo', false))
    expect(await run(lines.slice(0, 2))).toMatchObject({status: 'COMPLETED'})
    expect(await run(lines)).toMatchObject({status: 'FAILED', error: `The input file is ${jsonl(lines).length} bytes; a batch takes at most 400.`})
    const short = ['a', 'b', 'c'].map((id) => JSON.stringify({custom_id: id, body: {model: 'm', messages: []}}))
    expect(await run(short)).toMatchObject({status: 'FAILED', error: 'Line 3: The input file holds more than 2 requests, the most a batch may hold.'})
  })

  it('mistral: a job of too many requests fails with the reason in its errors', async () => {
    const running = await start('mistral', {limits: {mistral: {maxRequests: 2}}})
    const client = new Mistral({apiKey: 'k', serverURL: running.urls.mistral})
    const requests = ['a', 'b', 'c'].map((id) => ({customId: id, body: {max_tokens: 16, messages: [{role: 'user', content: `Question ${id}`}]}}))
    const created = await client.batch.jobs.create({requests, endpoint: '/v1/chat/completions', model: 'mistral-small-latest'})
    const job = await client.batch.jobs.get({jobId: created.id})
    expect(job).toMatchObject({status: 'FAILED', errors: [{message: 'Line 3: The input file holds more than 2 requests, the most a batch may hold.'}]})
  })

  it('anthropic: refuses too many requests with a 400 and too many bytes with a 413, at create', async () => {
    const running = await start('anthropic', {limits: {anthropic: {maxRequests: 2, maxBytes: 500}}})
    const client = new Anthropic({apiKey: 'k', baseURL: running.urls.anthropic, maxRetries: 0})
    const request = (id: string, text = `Question ${id}`): Anthropic.Messages.BatchCreateParams.Request => ({
      custom_id: id,
      params: {model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{role: 'user', content: text}]},
    })
    await expect(client.messages.batches.create({requests: ['a', 'b', 'c'].map((id) => request(id))})).rejects.toMatchObject({
      status: 400,
      error: {error: {type: 'invalid_request_error', message: 'requests: List should have at most 2 items after validation, not 3'}},
    })
    await expect(client.messages.batches.create({requests: [request('a', 'x'.repeat(600))]})).rejects.toMatchObject({
      status: 413,
      error: {error: {type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.'}},
    })
    expect((await client.messages.batches.create({requests: [request('a'), request('b')]})).processing_status).toBe('in_progress')
  })

  it('gemini: refuses inline requests over their cap and uploads over the file cap', async () => {
    const running = await start('gemini', {limits: {gemini: {maxInlineBytes: 300, maxBytes: 200}}})
    const ai = new GoogleGenAI({apiKey: 'k', httpOptions: {baseUrl: running.urls.gemini}})
    const src = [{contents: [{role: 'user', parts: [{text: 'x'.repeat(400)}]}]}]
    await expect(ai.batches.create({model: 'gemini-2.5-flash', src})).rejects.toMatchObject({status: 400, message: matching.stringContaining('Request payload size exceeds the limit: 300 bytes.')})
    await expect(ai.files.upload({file: new Blob(['y'.repeat(300)]), config: {mimeType: 'jsonl'}})).rejects.toThrow(/300 bytes; files may be at most 200/)
  })
})

describe('uploaded files expire as the vendor says', () => {
  it('openai: a batch file lives 30 days (or expires_after), then is gone and a batch from it is refused', async () => {
    const clock = new ManualClock()
    const running = await start('openai', {now: clock.now})
    const client = new OpenAI({apiKey: 'k', baseURL: running.env().OPENAI_BASE_URL, maxRetries: 0})
    const content = jsonl([chatLine('a', 'gpt-4.1-mini')])
    const month = await client.files.create({file: await toFile(content, 'a.jsonl'), purpose: 'batch'})
    expect(month.expires_at! - month.created_at).toBe(30 * DAY)
    const hour = await client.files.create({file: await toFile(content, 'b.jsonl'), purpose: 'batch', expires_after: {anchor: 'created_at', seconds: 3600}})
    expect(hour.expires_at! - hour.created_at).toBe(3600)
    await expect(client.files.create({file: await toFile(content, 'c.jsonl'), purpose: 'batch', expires_after: {anchor: 'created_at', seconds: 60}})).rejects.toMatchObject({status: 400})

    clock.advance(3600)
    await expect(client.files.retrieve(hour.id)).rejects.toMatchObject({status: 404})
    expect((await client.files.retrieve(month.id)).id).toBe(month.id)
    clock.advance(30 * DAY - 3600)
    await expect(client.files.retrieve(month.id)).rejects.toMatchObject({status: 404})
    await expect(client.batches.create({input_file_id: month.id, endpoint: '/v1/chat/completions', completion_window: '24h'})).rejects.toMatchObject({
      status: 404,
      error: {message: `No such File object: ${month.id}`},
    })
    expect((await client.files.list()).data).toEqual([])
  })

  it('gemini: an upload lives 48 hours, then every call about it, a batch included, is a 403', async () => {
    const clock = new ManualClock()
    const running = await start('gemini', {now: clock.now})
    const ai = new GoogleGenAI({apiKey: 'k', httpOptions: {baseUrl: running.urls.gemini}})
    const request = JSON.stringify({key: 'a', request: {contents: [{role: 'user', parts: [{text: 'Question a'}]}]}})
    const file = await ai.files.upload({file: new Blob([request + '\n']), config: {mimeType: 'jsonl'}})
    expect(Date.parse(file.expirationTime!) - Date.parse(file.createTime!)).toBe(2 * DAY * 1000)
    clock.advance(2 * DAY - 1)
    expect((await ai.files.get({name: file.name!})).name).toBe(file.name)
    clock.advance(1)
    const gone = `You do not have permission to access the File ${file.name!.replace('files/', '')} or it may not exist.`
    await expect(ai.files.get({name: file.name!})).rejects.toMatchObject({status: 403, message: matching.stringContaining(gone)})
    await expect(ai.batches.create({model: 'gemini-2.5-flash', src: file.name!})).rejects.toMatchObject({status: 403, message: matching.stringContaining('PERMISSION_DENIED')})
  })
})

describe('a restarted emulator', () => {
  it.each(['openai', 'anthropic', 'gemini'] as const)('%s: hands out new batch ids but the same answers for the same seed', async (provider) => {
    const run = async (): Promise<{batchId: string; answers: string}> => {
      const running = await start(provider, {seed: 3})
      try {
        const {batchId, lines} = await runRawBatch(running, provider, ['a', 'b'])
        return {batchId, answers: JSON.stringify([answer(lines.a), answer(lines.b)])}
      } finally {
        await running.close()
        emulator = undefined
      }
    }
    const first = await run()
    const second = await run()
    expect(second.batchId).not.toBe(first.batchId)
    expect(second.answers).toBe(first.answers)
    expect(first.answers).toContain('Question a')
  })
})

/** The answer text of a raw result line, whichever vendor wrote it. */
function answer(line: RawRows[ProviderName] | undefined): string | undefined {
  if (line === undefined) return undefined
  if ('result' in line) return line.result.type === 'succeeded' && line.result.message.content[0]?.type === 'text' ? line.result.message.content[0].text : undefined
  if ('key' in line) return line.response?.candidates?.[0]?.content?.parts[0]?.text
  return line.response?.body.choices[0]?.message.content ?? undefined
}
