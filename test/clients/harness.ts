import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {KEY_VARIABLES} from '../support/emulator.js'
import {TERMINAL_STATES, type BatchStatus} from '../../src/core/batch/status.js'
import type {CanonicalRequest} from '../../src/core/prepare/request.js'
import type {ResultLine} from '../../src/core/results/result.js'
import {startEmulator, type Emulator, type EmulatorOptions} from '../../src/emulator/index.js'
import {loadClient, loadFormat} from '../../src/providers/index.js'
import type {ProviderName} from '../../src/providers/names.js'
import type {BatchClient, RemoteShard, SubmitContext} from '../../src/providers/types.js'

/** The variable that points each client at a server; without it the client would call the real vendor. */
export const BASE_URL_VARIABLES: Record<ProviderName, string> = {
  openai: 'OPENAI_BASE_URL',
  anthropic: 'ANTHROPIC_BASE_URL',
  gemini: 'GOOGLE_GEMINI_BASE_URL',
  mistral: 'BENCH_MISTRAL_SERVER_URL',
  together: 'TOGETHER_BASE_URL',
  groq: 'GROQ_BASE_URL',
}

/** A key long enough to be recognisable if it leaked into a message. */
export const DUMMY_KEY = 'test-key-0123456789abcdef'

/** One vendor's emulator, the environment pointing the SDK at it, and a temp dir for shards. */
export interface ClientHarness {
  provider: ProviderName
  emulator: Emulator
  directory: string
  /** A fresh client (a fresh SDK, reading the environment as it is now). */
  client(): Promise<BatchClient>
  /** Writes a shard of these requests in the vendor's line format; returns its path. */
  writeShard(requests: CanonicalRequest[], model: string, name?: string): Promise<string>
  /** How many requests the emulator answered for this operation (`files.create`...). */
  calls(operation: string): number
  close(): Promise<void>
}

export async function startHarness(provider: ProviderName, options: EmulatorOptions = {}): Promise<ClientHarness> {
  const emulator = await startEmulator({...options, providers: [provider]})
  const variable = BASE_URL_VARIABLES[provider]
  if (emulator.env()[variable] === undefined) {
    await emulator.close()
    throw new Error(`the emulator's env() does not set ${variable}: the ${provider} client would call the real vendor`)
  }
  const saved = {...process.env}
  Object.assign(process.env, emulator.env(), {[KEY_VARIABLES[provider]]: DUMMY_KEY, BENCH_MAX_RETRIES: '2'})
  delete process.env.GOOGLE_API_KEY
  const directory = await mkdtemp(join(tmpdir(), `bench-${provider}-`))
  return {
    provider,
    emulator,
    directory,
    client: () => loadClient(provider),
    writeShard: async (requests, model, name = 'shard.jsonl') => {
      const format = await loadFormat(provider)
      const path = join(directory, name)
      await writeFile(path, requests.map((request) => JSON.stringify(format.toLine(request, model)) + '\n').join(''))
      return path
    },
    calls: (operation) => emulator.requests.filter((request) => request.operation === operation).length,
    close: async () => {
      process.env = saved
      await emulator.close()
      await rm(directory, {recursive: true, force: true})
    },
  }
}

/** A SubmitContext that keeps what `record` was given, as the manifest would. */
export interface RecordingContext extends SubmitContext {
  records: RemoteShard[]
}

export function submitContext(file: string, requests: number, model: string, remote: RemoteShard = {}): RecordingContext {
  const records: RemoteShard[] = []
  return {
    name: 'suite',
    shard: 0,
    model,
    file,
    requests,
    remote,
    records,
    record: (update) => {
      records.push(update)
      return Promise.resolve()
    },
  }
}

/** Polls until the batch ends (the emulator settles at the first look with batchSeconds 0). */
export async function waitUntilEnded(client: BatchClient, remote: RemoteShard): Promise<BatchStatus> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const status = await client.status(remote)
    if (TERMINAL_STATES.has(status.state)) return status
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('batch did not end')
}

export async function collect(batches: AsyncIterable<ResultLine[]>): Promise<ResultLine[]> {
  const collected: ResultLine[] = []
  for await (const batch of batches) collected.push(...batch)
  return collected.sort((a, b) => a.custom_id.localeCompare(b.custom_id))
}

export function textRequests(count: number): CanonicalRequest[] {
  return Array.from({length: count}, (_, index) => ({
    custom_id: `q-${index + 1}`,
    system: 'Answer briefly.',
    parts: [{type: 'text' as const, text: `Question number ${index + 1}?`}],
    max_tokens: 64,
  }))
}
