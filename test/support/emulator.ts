import {cp, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {afterAll, beforeAll, expect} from 'vitest'

import {runBench, scratchDir, type CliResult} from './cli.js'
import type {BatchManifest} from '../../src/core/batch/manifest.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import type {ResultLine} from '../../src/core/results/result.js'
import {startEmulator, type Emulator, type EmulatorOptions, type RequestLogEntry} from '../../src/emulator/index.js'
import type {ProviderName} from '../../src/providers/names.js'

/**
 * The variable each vendor's key is read from. The tests set a dummy the emulator accepts: here
 * for child `bench` processes, in test/clients/harness.ts for SDK clients in the test process.
 */
export const KEY_VARIABLES: Record<ProviderName, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  gemini: 'GEMINI_API_KEY',
  mistral: 'MISTRAL_API_KEY',
  together: 'TOGETHER_API_KEY',
  groq: 'GROQ_API_KEY',
}

/**
 * Which answered call stored one uploaded file, per vendor: Gemini's resumable upload is a start
 * plus a chunk; Anthropic takes requests inline.
 */
const UPLOAD_CALLS: Record<ProviderName, ((request: RequestLogEntry) => boolean) | undefined> = {
  openai: (request) => request.operation === 'files.create',
  anthropic: undefined,
  gemini: (request) => request.operation === 'files.upload' && request.path.includes('upload_id='),
  mistral: (request) => request.operation === 'files.upload',
  together: (request) => request.operation === 'files.upload',
  groq: (request) => request.operation === 'files.create',
}

/** Whether the vendor takes a batch as an uploaded file. */
export function uploadsFiles(provider: ProviderName): boolean {
  return UPLOAD_CALLS[provider] !== undefined
}

/** Files the emulator accepted from this vendor's clients. */
export function uploadCount(emulator: Emulator, provider: ProviderName): number {
  const isUpload = UPLOAD_CALLS[provider]
  if (isUpload === undefined) return 0
  return emulator.requests.filter((request) => request.provider === provider && succeeded(request) && isUpload(request)).length
}

/** Batches the emulator created for this vendor's clients. */
export function createCount(emulator: Emulator, provider: ProviderName): number {
  return emulator.requests.filter((request) => request.provider === provider && succeeded(request) && request.operation === 'batches.create').length
}

function succeeded(request: RequestLogEntry): boolean {
  return request.status >= 200 && request.status < 300
}

/** The emulator's name for each vendor's status call. */
export const STATUS_OPERATIONS: Record<ProviderName, string> = {
  openai: 'batches.retrieve',
  anthropic: 'batches.retrieve',
  gemini: 'batches.get',
  mistral: 'batches.retrieve',
  together: 'batches.retrieve',
  groq: 'batches.retrieve',
}

/** A model name every vendor's emulator accepts. */
export const MODEL = 'model-1'

/** An emulator in the test process and the environment that points child `bench` processes at it. */
export interface BenchEmulator {
  emulator: Emulator
  /** The emulator's base URLs, a dummy key for every vendor, and few quick retries. */
  env: Record<string, string>
  /** Runs `bench` in `cwd` against this emulator, with `extra` variables on top. */
  bench(cwd: string, args: string[], extra?: Record<string, string>): Promise<CliResult>
  close(): Promise<void>
}

export async function startBenchEmulator(options: EmulatorOptions = {}): Promise<BenchEmulator> {
  const emulator = await startEmulator({batchSeconds: 0, ...options})
  const keys = Object.fromEntries(Object.values(KEY_VARIABLES).map((variable) => [variable, 'test-key']))
  const env = {...emulator.env(), ...keys, BENCH_MAX_RETRIES: '2'}
  return {
    emulator,
    env,
    bench: (cwd, args, extra = {}) => runBench(args, {cwd, env: {...env, ...extra}}),
    close: () => emulator.close(),
  }
}

/** Runs `bench` in `cwd` against the emulator, expects it to succeed (showing its output if not), and returns its stdout. */
export async function benchStdout(bench: BenchEmulator, cwd: string, args: string[]): Promise<string> {
  const result = await bench.bench(cwd, args)
  expect(result.code, `bench ${args.join(' ')}: ${result.stderr}${result.stdout}`).toBe(0)
  return result.stdout
}

/**
 * One emulator for the whole test file, started in `beforeAll` and closed in `afterAll`. The
 * object is there at once, so a file can build a `PreparedTemplates` over it at the top level;
 * it forwards to the running emulator and throws if used outside a test or hook.
 */
export function useBenchEmulator(options: EmulatorOptions = {}): BenchEmulator {
  let started: BenchEmulator | undefined
  beforeAll(async () => {
    started = await startBenchEmulator(options)
  })
  afterAll(async () => {
    await started?.close()
  })
  const running = (): BenchEmulator => {
    if (started === undefined) throw new Error('the emulator starts in beforeAll: use it inside a test or a hook')
    return started
  }
  return {
    get emulator() {
      return running().emulator
    },
    get env() {
      return running().env
    },
    bench: (cwd, args, extra) => running().bench(cwd, args, extra),
    close: () => running().close(),
  }
}

/** The shape of a batch a test prepares from the bundled sample (12 riddles). */
export interface SampleBatch {
  provider: ProviderName
  name: string
  /** Riddles taken (default 4). */
  limit?: number
  /** Requests per shard; fewer than `limit` makes a sharded batch. */
  maxBatchRequests?: number
}

/** `bench prepare` arguments for a small batch of the sample, on any vendor (Anthropic needs --max-tokens). */
export function prepareArgs(batch: SampleBatch): string[] {
  const args = ['prepare', '--dataset', SAMPLE_DATASET_PATH, '--split', 'full', '--provider', batch.provider, '--model', MODEL]
  args.push('--name', batch.name, '--limit', String(batch.limit ?? 4), '--max-tokens', '1000')
  if (batch.maxBatchRequests !== undefined) args.push('--max-batch-requests', String(batch.maxBatchRequests))
  return args
}

/**
 * A working directory holding a prepared batch per vendor, made once and copied per test:
 * `prepare` is not what these tests are about, and copying costs no process.
 */
export class PreparedTemplates {
  private readonly directories = new Map<string, Promise<string>>()

  constructor(private readonly bench: BenchEmulator) {}

  /** A fresh directory with `batch` prepared in it. */
  async copy(batch: SampleBatch): Promise<string> {
    const key = JSON.stringify(batch)
    if (!this.directories.has(key)) this.directories.set(key, this.prepare(batch))
    const cwd = await scratchDir()
    await cp(await this.directories.get(key)!, cwd, {recursive: true})
    return cwd
  }

  /** A fresh directory with `batch` prepared and `bench start` run on it (which must exit 0). */
  async started(batch: SampleBatch): Promise<string> {
    const cwd = await this.copy(batch)
    expect((await this.bench.bench(cwd, ['start', batch.name])).code).toBe(0)
    return cwd
  }

  private async prepare(batch: SampleBatch): Promise<string> {
    const cwd = await scratchDir('bench-template-')
    const result = await this.bench.bench(cwd, prepareArgs(batch))
    if (result.code !== 0) throw new Error(`prepare failed: ${result.stderr}`)
    return cwd
  }
}

export async function readResults(cwd: string, name: string): Promise<ResultLine[]> {
  const text = await readFile(join(cwd, 'results', `${name}.jsonl`), 'utf8')
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ResultLine)
}

export async function readBatchManifest(cwd: string, name: string): Promise<BatchManifest> {
  return JSON.parse(await readFile(join(cwd, 'processed_files', `${name}.manifest.json`), 'utf8')) as BatchManifest
}

/** The custom_ids of the sample's first `count` riddles of split full, in order. */
export async function sampleIds(count: number): Promise<string[]> {
  const lines = (await readFile(SAMPLE_DATASET_PATH, 'utf8')).trim().split('\n')
  return lines.slice(0, count).map((line) => (JSON.parse(line) as {id: string}).id)
}

/** Answered calls of one vendor operation, optionally only those with this HTTP status. */
export function callCount(emulator: Emulator, provider: ProviderName, operation: string, status?: number): number {
  return emulator.requests.filter(
    (request) => request.provider === provider && request.operation === operation && (status === undefined || request.status === status),
  ).length
}

/**
 * The custom_ids the emulator ran for the vendor batches recorded in this batch's manifest,
 * sorted: a request sent twice shows twice.
 */
export async function executedIds(emulator: Emulator, provider: ProviderName, cwd: string, name: string): Promise<string[]> {
  const manifest = await readBatchManifest(cwd, name)
  // Gemini's batch names are `batches/<id>`; the emulator logs the bare id.
  const batches = new Set(manifest.shards.map((shard) => shard.remote?.batch_id?.replace(/^batches\//, '')))
  return emulator
    .executed(provider)
    .filter((line) => batches.has(line.batch_id))
    .map((line) => line.custom_id)
    .sort()
}

/**
 * Runs a command that must be refused before it sends anything: exit 2, one error line on stderr
 * (returned; progress lines may come before it), nothing on stdout, not one request to the emulator.
 */
export async function expectRefusedUnsent(bench: BenchEmulator, run: () => Promise<CliResult>): Promise<string> {
  const seen = bench.emulator.requests.length
  const result = await run()
  expect(result.stdout).toBe('')
  expect(result.code, result.stderr).toBe(2)
  const errors = result.stderr.trim().split('\n').filter((line) => line.startsWith('Error: '))
  expect(errors).toHaveLength(1)
  expect(result.stderr.trim().endsWith(errors[0]!)).toBe(true)
  expect(bench.emulator.requests.length).toBe(seen)
  return errors[0]!
}

/** Polls `check` every 20 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

/** A clock tests move by hand, so a batch can be caught half-way without waiting. */
export class ManualClock {
  private current = Date.now()

  readonly now = (): number => this.current

  advance(seconds: number): void {
    this.current += seconds * 1000
  }
}
