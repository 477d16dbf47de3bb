import {createServer, request, type IncomingHttpHeaders, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

import Anthropic from '@anthropic-ai/sdk'
import {GoogleGenAI} from '@google/genai'
import {Mistral} from '@mistralai/mistralai'
import Groq from 'groq-sdk'
import OpenAI from 'openai'
import Together from 'together-ai'
import {afterEach, describe, expect, it} from 'vitest'

import {BASE_URL_VARIABLES, DUMMY_KEY, startHarness, submitContext, textRequests, type ClientHarness} from './harness.js'
import type {BatchManifest} from '../../src/core/batch/manifest.js'
import type {BatchStatus} from '../../src/core/batch/status.js'
import {anthropicStatus} from '../../src/providers/anthropic/anthropic-status.js'
import {loadStatusReader} from '../../src/providers/index.js'
import {PROVIDER_NAMES, type ProviderName} from '../../src/providers/names.js'
import {openAIStyleStatus} from '../../src/providers/shared/openai-batch-status.js'
import {togetherStatus} from '../../src/providers/together/together-status.js'

/** The headers that say who is calling and which API version: what a vendor authenticates on. */
const IDENTITY_HEADER = /^(authorization|x-api-key|x-goog-api-key|anthropic-version|openai-organization|openai-project|x-gateway)$/

interface Seen {
  method: string
  path: string
  headers: IncomingHttpHeaders
}

/** A pass-through proxy in front of the emulator that remembers every request it forwards. */
async function recordingProxy(target: string): Promise<{url: string; seen: Seen[]; server: Server}> {
  const seen: Seen[] = []
  const server = createServer((incoming, outgoing) => {
    seen.push({method: incoming.method!, path: incoming.url!, headers: incoming.headers})
    const forwarded = request(new URL(incoming.url!, target), {method: incoming.method, headers: {...incoming.headers, host: new URL(target).host}}, (answer) => {
      outgoing.writeHead(answer.statusCode!, answer.headers)
      answer.pipe(outgoing)
    })
    incoming.pipe(forwarded)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server}
}

/** Each SDK's own `retrieve` of a batch, and what bench makes of the object it returns. */
const SDK_RETRIEVE: Record<ProviderName, (id: string) => Promise<{status?: BatchStatus; raw: unknown}>> = {
  openai: async (id) => {
    const batch = await new OpenAI({apiKey: DUMMY_KEY}).batches.retrieve(id)
    return {status: openAIStyleStatus(batch), raw: batch}
  },
  groq: async (id) => {
    const batch = await new Groq({apiKey: DUMMY_KEY}).batches.retrieve(id)
    return {status: openAIStyleStatus(batch), raw: batch}
  },
  anthropic: async (id) => {
    const batch = await new Anthropic({apiKey: DUMMY_KEY}).messages.batches.retrieve(id)
    return {status: anthropicStatus(batch), raw: batch}
  },
  together: async (id) => {
    const job = await new Together({apiKey: DUMMY_KEY}).batches.retrieve(id)
    return {status: togetherStatus(job), raw: job}
  },
  // Mistral's SDK renames the fields and Gemini's drops the counts: their objects are compared below.
  mistral: async (id) => ({raw: await new Mistral({apiKey: DUMMY_KEY, serverURL: process.env.BENCH_MISTRAL_SERVER_URL}).batch.jobs.get({jobId: id})}),
  gemini: async (id) => ({
    raw: await new GoogleGenAI({apiKey: DUMMY_KEY, vertexai: false, apiVersion: 'v1beta', httpOptions: {baseUrl: process.env.GOOGLE_GEMINI_BASE_URL}}).batches.get({name: id}),
  }),
}

describe('status reads without the SDK', () => {
  let harness: ClientHarness | undefined
  let proxy: Server | undefined
  afterEach(async () => {
    proxy?.close()
    await harness?.close()
  })

  it.each(PROVIDER_NAMES)('%s: sends the request the SDK sends and reads the same status', async (provider) => {
    harness = await startHarness(provider)
    const file = await harness.writeShard(textRequests(3), 'model-a')
    const {remote} = await (await harness.client()).submit(submitContext(file, 3, 'model-a'))
    const id = remote.batch_id!
    // Through the proxy from here on: the SDK's retrieve, then bench's read, of the same batch.
    const recorder = await recordingProxy(harness.emulator.urls[provider])
    proxy = recorder.server
    const variable = BASE_URL_VARIABLES[provider]
    process.env[variable] = process.env[variable]!.replace(harness.emulator.urls[provider], recorder.url)
    if (provider === 'openai') Object.assign(process.env, {OPENAI_ORG_ID: 'org-1', OPENAI_PROJECT_ID: 'proj-1'})
    // The Stainless SDKs add the headers of `<VENDOR>_CUSTOM_HEADERS` (a gateway's, say); the others read no such variable.
    process.env[`${provider.toUpperCase()}_CUSTOM_HEADERS`] = 'X-Gateway: team-a\nmalformed line'

    const fromSdk = await SDK_RETRIEVE[provider](id)
    const reader = await loadStatusReader({provider} as BatchManifest)
    const status = await reader.status(remote)

    const [sdkRequest, benchRequest] = recorder.seen
    expect(recorder.seen).toHaveLength(2)
    expect(benchRequest!.method).toBe(sdkRequest!.method)
    expect(benchRequest!.path).toBe(sdkRequest!.path)
    const identity = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([name]) => IDENTITY_HEADER.test(name)))
    expect(identity(benchRequest!.headers)).toEqual(identity(sdkRequest!.headers))
    expect(Object.keys(identity(sdkRequest!.headers)).length).toBeGreaterThan(0)
    if (provider === 'openai') expect(benchRequest!.headers).toMatchObject({'openai-organization': 'org-1', 'openai-project': 'proj-1'})
    if (provider !== 'mistral' && provider !== 'gemini') expect(benchRequest!.headers['x-gateway']).toBe('team-a')

    expect(status.state).toBe('completed')
    // Beside the status, what identifies the batch: the same as `submit` recorded from the create.
    const {batch, ...read} = status
    expect(batch).toMatchObject({id})
    expect(batch?.created_at).toBe(remote.created_at)
    if (fromSdk.status !== undefined) expect(read).toEqual(fromSdk.status)
    if (provider === 'mistral') {
      const job = fromSdk.raw as {status: string; totalRequests: number; succeededRequests: number; failedRequests: number; outputFile?: string | null}
      expect(status).toMatchObject({provider_status: job.status, counts: {total: job.totalRequests, succeeded: job.succeededRequests, failed: job.failedRequests, pending: 0}, results_available: Boolean(job.outputFile)})
    }
    if (provider === 'gemini') expect(status.provider_status).toBe((fromSdk.raw as {state?: string}).state?.replace('JOB_', 'BATCH_'))
  })

  it('reports a server it cannot reach in one line, after retrying', async () => {
    harness = await startHarness('groq')
    Object.assign(process.env, {GROQ_BASE_URL: 'http://127.0.0.1:1', BENCH_MAX_RETRIES: '1'})
    const reader = await loadStatusReader({provider: 'groq'} as BatchManifest)
    const error = await reader.status({batch_id: 'batch_x'}).catch((caught: unknown) => caught)
    expect((error as Error).message).toMatch(/^Groq could not be reached: .*ECONNREFUSED.*; check the network[^\n]*$/)
  })
})
