import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {ApiError, GoogleGenAI, type BatchJob} from '@google/genai'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator, type EmulatorOptions} from '../../src/emulator/index.js'
import {matching} from '../support/matchers.js'

const MODEL = 'gemini-2.5-flash'
const SCHEMA = {type: 'object', properties: {answer: {type: 'string'}, confidence: {type: 'number'}}, required: ['answer', 'confidence']}

type Json = Record<string, unknown>

/** One line of a batch's responses file, as far as these tests read it. */
interface ResponseLine {
  key: string
  response: {candidates: {content: {parts: {text: string; thought?: boolean}[]}}[]; usageMetadata: {thoughtsTokenCount?: number}}
  error?: unknown
}

/** The batch's long-running operation as sent, with the `batchStats` the SDK drops (section 11.4). */
interface RawOperation {
  metadata: {batchStats: Record<string, string>}
}

let emulator: Emulator | undefined
let directory: string

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'gemini-emulator-'))
})

afterEach(async () => {
  await emulator?.close()
  emulator = undefined
  await rm(directory, {recursive: true, force: true})
})

async function start(options: EmulatorOptions = {}, apiVersion?: string): Promise<{ai: GoogleGenAI; origin: string}> {
  emulator = await startEmulator({...options, providers: ['gemini']})
  const origin = emulator.urls.gemini
  return {ai: new GoogleGenAI({apiKey: 'test-key', httpOptions: {baseUrl: origin}, ...(apiVersion === undefined ? {} : {apiVersion})}), origin}
}

function manualClock(): {now: () => number; advance(seconds: number): void} {
  let time = Date.parse('2026-11-24T12:00:00Z')
  return {now: () => time, advance: (seconds) => (time += seconds * 1000)}
}

function line(key: string, request: Json = {}): string {
  return JSON.stringify({key, request: {contents: [{role: 'user', parts: [{text: `Question ${key}`}]}], ...request}})
}

async function uploadLines(ai: GoogleGenAI, lines: string[]): Promise<string> {
  const file = await ai.files.upload({file: new Blob([lines.join('\n') + '\n']), config: {mimeType: 'jsonl', displayName: 'requests'}})
  return file.name!
}

/** The raw Operation: the SDK drops `batchStats`, `done` and `error` (section 11.4). */
async function rawOperation(origin: string, name: string): Promise<RawOperation> {
  const response = await fetch(`${origin}/v1beta/${name}`, {headers: {'x-goog-api-key': 'test-key'}})
  return (await response.json()) as RawOperation
}

async function downloadLines(ai: GoogleGenAI, job: BatchJob): Promise<ResponseLine[]> {
  const path = join(directory, 'out.jsonl')
  await ai.files.download({file: job.dest!.fileName!, downloadPath: path})
  return (await readFile(path, 'utf8')).trim().split('\n').map((text) => JSON.parse(text) as ResponseLine)
}

describe('gemini emulator through @google/genai', () => {
  it('runs a file batch: resumable upload, create, get, download in input order', async () => {
    const {ai, origin} = await start()
    const name = await uploadLines(ai, [
      line('plain', {systemInstruction: {parts: [{text: 'Be brief'}]}}),
      line('schema', {generationConfig: {responseMimeType: 'application/json', responseJsonSchema: SCHEMA}}),
      line('thinks', {generationConfig: {thinkingConfig: {thinkingBudget: 1024}}}),
      JSON.stringify({key: 'no-contents', request: {}}),
    ])
    expect(name).toMatch(/^files\/\w+$/)
    expect((await ai.files.get({name})).sizeBytes).toMatch(/^\d+$/)

    const created = await ai.batches.create({model: MODEL, src: name, config: {displayName: 'my-batch'}})
    expect(created).toMatchObject({state: 'JOB_STATE_PENDING', displayName: 'my-batch', model: `models/${MODEL}`})
    expect(created.name).toMatch(/^batches\/\d+$/)

    const done = await ai.batches.get({name: created.name!})
    expect(done.state).toBe('JOB_STATE_SUCCEEDED')
    expect(done.dest?.fileName).toBe(`files/batch-${created.name!.split('/')[1]}`)
    const operation = await rawOperation(origin, created.name!)
    expect(operation).toMatchObject({done: true, metadata: {state: 'BATCH_STATE_SUCCEEDED', output: {responsesFile: done.dest!.fileName}}})
    expect(operation.metadata.batchStats).toEqual({requestCount: '4', successfulRequestCount: '3', failedRequestCount: '1'})

    const lines = await downloadLines(ai, done)
    expect(lines.map((row) => row.key)).toEqual(['plain', 'schema', 'thinks', 'no-contents'])
    expect(lines[0]!.response).toMatchObject({candidates: [{finishReason: 'STOP', content: {role: 'model'}}], modelVersion: MODEL})
    const firstText = (line: ResponseLine | undefined): string => line!.response.candidates[0]!.content.parts[0]!.text
    expect(firstText(lines[0])).toContain('Question plain')
    expect(Object.keys(JSON.parse(firstText(lines[1])) as Json)).toEqual(['answer', 'confidence'])
    const thoughtParts = lines[2]!.response.candidates[0]!.content.parts
    expect(thoughtParts.map((part) => part.thought === true)).toEqual([true, false])
    expect(lines[2]!.response.usageMetadata.thoughtsTokenCount).toBeGreaterThan(0)
    expect(lines[3]).toEqual({key: 'no-contents', error: {code: 3, message: matching.stringContaining('contents'), status: 'INVALID_ARGUMENT'}})

    const viaDownloadPath = await fetch(`${origin}/download/v1beta/files/batch-${created.name!.split('/')[1]}:download?alt=media`, {headers: {'x-goog-api-key': 'k'}})
    expect(viaDownloadPath.headers.get('content-type')).toBe('application/octet-stream')
    expect((await viaDownloadPath.text()).trim().split('\n')).toHaveLength(4)
  })

  it('runs an inline batch and returns inlined responses in order with their metadata', async () => {
    const {ai, origin} = await start()
    const created = await ai.batches.create({
      model: MODEL,
      src: [
        {contents: [{role: 'user', parts: [{text: 'Tell me a joke.'}]}], metadata: {key: 'a'}, config: {systemInstruction: 'Be brief', temperature: 0.7}},
        {contents: [{role: 'user', parts: [{text: 'Another.'}]}], metadata: {key: 'b'}},
      ],
    })
    const done = await ai.batches.get({name: created.name!})
    expect(done.state).toBe('JOB_STATE_SUCCEEDED')
    const responses = done.dest!.inlinedResponses!
    expect(responses.map((entry) => entry.metadata)).toEqual([{key: 'a'}, {key: 'b'}])
    expect(responses[0]!.response!.candidates![0]!.content!.parts![0]!.text).toContain('Tell me a joke.')
    expect((await rawOperation(origin, created.name!)).metadata.batchStats).toEqual({requestCount: '2', successfulRequestCount: '2'})
  })

  it('speaks v1beta when the client pins it, for uploads and REST alike', async () => {
    const {ai} = await start({}, 'v1beta')
    const name = await uploadLines(ai, [line('a')])
    const job = await ai.batches.create({model: MODEL, src: {fileName: name}})
    expect((await ai.batches.get({name: job.name!})).state).toBe('JOB_STATE_SUCCEEDED')
    const paths = emulator!.requests.map((entry) => new URL(entry.path, 'http://emulator').pathname)
    expect(paths.every((path) => path.startsWith('/v1beta/') || path.startsWith('/upload/v1beta/'))).toBe(true)
  })

  it('uploads in several chunks and checks offsets', async () => {
    const {origin} = await start()
    const headers = {'x-goog-api-key': 'k', 'content-type': 'application/json'}
    const begin = await fetch(`${origin}/upload/v1/files`, {method: 'POST', headers: {...headers, 'x-goog-upload-protocol': 'resumable', 'x-goog-upload-command': 'start'}, body: '{"file":{"mimeType":"jsonl"}}'})
    const uploadUrl = begin.headers.get('x-goog-upload-url')!
    expect(begin.headers.get('x-goog-upload-status')).toBe('active')
    const chunk = (offset: number, body: string, command: string) =>
      fetch(uploadUrl, {method: 'POST', headers: {...headers, 'x-goog-upload-command': command, 'x-goog-upload-offset': String(offset)}, body})
    // A JSONL chunk that is not JSON on its own: the emulator must not parse it.
    const first = await chunk(0, '{"key":"a","req', 'upload')
    expect(first.headers.get('x-goog-upload-status')).toBe('active')
    expect((await chunk(3, 'x', 'upload')).status).toBe(400)
    const last = await chunk(15, 'uest":{}}\n', 'upload, finalize')
    expect(last.headers.get('x-goog-upload-status')).toBe('final')
    expect(((await last.json()) as Json).file).toMatchObject({mimeType: 'application/jsonl', sizeBytes: '25', state: 'ACTIVE', source: 'UPLOADED'})
  })

  it('lists batches as operations with page tokens', async () => {
    const {ai} = await start()
    const names: string[] = []
    for (const key of ['a', 'b', 'c']) names.push((await ai.batches.create({model: MODEL, src: [{contents: [{role: 'user', parts: [{text: key}]}]}]})).name!)
    const pager = await ai.batches.list({config: {pageSize: 2}})
    expect(pager.page.map((job) => job.name)).toEqual([names[2], names[1]])
    expect(pager.hasNextPage()).toBe(true)
    const all: string[] = []
    for await (const job of await ai.batches.list({config: {pageSize: 2}})) all.push(job.name!)
    expect(all).toEqual([...names].reverse())
  })

  it('cancels part way: {} back, CANCELLED later with the finished responses kept', async () => {
    const clock = manualClock()
    const {ai, origin} = await start({batchSeconds: 100, now: clock.now})
    const src = ['a', 'b', 'c', 'd'].map((key) => ({contents: [{role: 'user', parts: [{text: key}]}], metadata: {key}}))
    const job = await ai.batches.create({model: MODEL, src})
    clock.advance(50)
    expect((await ai.batches.get({name: job.name!})).state).toBe('JOB_STATE_RUNNING')
    expect((await rawOperation(origin, job.name!)).metadata.batchStats).toEqual({requestCount: '4', successfulRequestCount: '2', pendingRequestCount: '2'})
    expect(await ai.batches.cancel({name: job.name!})).toBeUndefined()
    clock.advance(10)
    const cancelled = await ai.batches.get({name: job.name!})
    expect(cancelled.state).toBe('JOB_STATE_CANCELLED')
    expect(cancelled.dest?.inlinedResponses?.map((entry) => entry.metadata?.key)).toEqual(['a', 'b'])
    expect(await rawOperation(origin, job.name!)).toMatchObject({done: true, error: {code: 13}})
  })

  it('deletes a batch together with its output file', async () => {
    const {ai} = await start()
    const job = await ai.batches.create({model: MODEL, src: await uploadLines(ai, [line('a')])})
    const done = await ai.batches.get({name: job.name!})
    await ai.batches.delete({name: job.name!})
    await expect(ai.batches.get({name: job.name!})).rejects.toMatchObject({status: 404})
    // The Files API answers 403, not 404, for a file that is not there.
    await expect(ai.files.get({name: done.dest!.fileName!})).rejects.toMatchObject({status: 403})
  })

  it('rejects a malformed row and a bad key synchronously in the Google envelope', async () => {
    const {ai, origin} = await start()
    const name = await uploadLines(ai, [line('a'), 'not json'])
    const error = await ai.batches.create({model: MODEL, src: name}).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(400)
    expect(JSON.parse((error as ApiError).message)).toEqual({error: {code: 400, message: `Invalid JSON payload in line 2 of ${name}.`, status: 'INVALID_ARGUMENT'}})

    const badKey = new GoogleGenAI({apiKey: 'bad-key', httpOptions: {baseUrl: origin}})
    await expect(badKey.batches.get({name: 'batches/1'})).rejects.toMatchObject({status: 400, message: matching.stringContaining('API key not valid')})
    const noKey = await fetch(`${origin}/v1/batches/1`)
    expect(noKey.status).toBe(403)
    expect(((await noKey.json()) as {error: {status: string}}).error.status).toBe('PERMISSION_DENIED')
  })
})

describe('gemini emulator faults', () => {
  it('renders HTTP 429 and 503 in the Google envelope with retry-after', async () => {
    const {ai, origin} = await start({
      faults: [
        {kind: 'http', match: {operation: 'batches.get'}, status: 429, retryAfter: 9, times: 1},
        {kind: 'http', match: {operation: 'batches.get'}, status: 503, times: 1},
      ],
    })
    const limited = await fetch(`${origin}/v1/batches/1`, {headers: {'x-goog-api-key': 'k'}})
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('9')
    expect(((await limited.json()) as Json).error).toMatchObject({code: 429, status: 'RESOURCE_EXHAUSTED'})
    await expect(ai.batches.get({name: 'batches/1'})).rejects.toMatchObject({status: 503, message: matching.stringContaining('UNAVAILABLE')})
  })

  it('fails a batch on a validation fault: FAILED, done, with the reason in the operation error', async () => {
    const {ai, origin} = await start({faults: [{kind: 'validation', message: 'Rejected input.'}]})
    const job = await ai.batches.create({model: MODEL, src: await uploadLines(ai, [line('a')])})
    const failed = await ai.batches.get({name: job.name!})
    expect(failed.state).toBe('JOB_STATE_FAILED')
    expect(failed.dest).toBeUndefined()
    expect(await rawOperation(origin, job.name!)).toMatchObject({done: true, error: {code: 3, message: 'Rejected input.'}})
  })

  it('expires part way with no output, as Gemini does', async () => {
    const {ai, origin} = await start({faults: [{kind: 'expire', fraction: 0.5}]})
    const job = await ai.batches.create({model: MODEL, src: await uploadLines(ai, [line('a'), line('b')])})
    const expired = await ai.batches.get({name: job.name!})
    expect(expired.state).toBe('JOB_STATE_EXPIRED')
    expect(expired.dest).toBeUndefined()
    expect(await rawOperation(origin, job.name!)).toMatchObject({done: true, metadata: {batchStats: {requestCount: '2', successfulRequestCount: '1'}}})
  })

  it('writes per-line errors and malformed lines into the responses file', async () => {
    const {ai} = await start({
      faults: [
        {kind: 'line-error', customIds: ['b'], status: 500, message: 'Internal error'},
        {kind: 'malformed-output', customIds: ['c']},
      ],
    })
    const job = await ai.batches.create({model: MODEL, src: await uploadLines(ai, [line('a'), line('b'), line('c')])})
    const done = await ai.batches.get({name: job.name!})
    const path = join(directory, 'faulty.jsonl')
    await ai.files.download({file: done.dest!.fileName!, downloadPath: path})
    const [good, errored, broken] = (await readFile(path, 'utf8')).trim().split('\n')
    expect((JSON.parse(good!) as {key: string}).key).toBe('a')
    expect(JSON.parse(errored!)).toEqual({key: 'b', error: {code: 13, message: 'Internal error', status: 'INTERNAL'}})
    expect(() => JSON.parse(broken!) as unknown).toThrow()
  })

  it('answers slowly under a delay fault', async () => {
    const {ai} = await start({faults: [{kind: 'delay', match: {operation: 'batches.list'}, milliseconds: 300, times: 1}]})
    const started = performance.now()
    await ai.batches.list()
    expect(performance.now() - started).toBeGreaterThanOrEqual(280)
  })
})
