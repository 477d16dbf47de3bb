import {readdir} from 'node:fs/promises'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import type {Fault} from '../../src/emulator/index.js'
import {PROVIDER_NAMES, type ProviderName} from '../../src/providers/names.js'
import {
  KEY_VARIABLES,
  PreparedTemplates,
  STATUS_OPERATIONS,
  callCount,
  createCount,
  readBatchManifest,
  readResults,
  sampleIds,
  startBenchEmulator,
  uploadCount,
  type BenchEmulator,
} from '../support/emulator.js'

const LIMIT = 4

let bench: BenchEmulator
let templates: PreparedTemplates
beforeAll(async () => {
  bench = await startBenchEmulator()
  templates = new PreparedTemplates(bench)
})
afterEach(() => {
  bench.emulator.faults.clear()
})
afterAll(async () => {
  await bench?.close()
})

/** Vendor labels as bench's messages name them. */
const LABELS: Record<ProviderName, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Gemini',
  mistral: 'Mistral',
  together: 'Together',
  groq: 'Groq',
}

function oneErrorLine(stderr: string): string {
  const lines = stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^Error: /)
  return lines[0]!
}

describe('transient HTTP errors are retried and the command succeeds', () => {
  it.each([
    {provider: 'openai', status: 429, command: 'start', operation: 'batches.create'},
    {provider: 'anthropic', status: 503, command: 'get', operation: STATUS_OPERATIONS.anthropic},
    {provider: 'gemini', status: 500, command: 'start', operation: 'batches.create'},
    {provider: 'mistral', status: 503, command: 'get', operation: STATUS_OPERATIONS.mistral},
    {provider: 'together', status: 500, command: 'start', operation: 'batches.create'},
    {provider: 'groq', status: 429, command: 'get', operation: STATUS_OPERATIONS.groq},
  ] as const)('$provider: $status twice on $operation during $command', async ({provider, status, command, operation}) => {
    const cwd = await templates.copy({provider, name: 'flaky'})
    if (command === 'get') expect((await bench.bench(cwd, ['start', 'flaky'])).code).toBe(0)
    const failedBefore = callCount(bench.emulator, provider, operation, status)
    bench.emulator.faults.add({kind: 'http', match: {provider, operation}, status, retryAfter: 0, times: 2})
    const result = await bench.bench(cwd, [command, 'flaky'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(callCount(bench.emulator, provider, operation, status) - failedBefore).toBe(2)
    if (command === 'start') expect(createCount(bench.emulator, provider)).toBeGreaterThan(0)
    else expect(result.stdout).toMatch(/^flaky {2}completed/)
  })

  it('waits as long as retry-after says', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'patient'})
    expect((await bench.bench(cwd, ['start', 'patient'])).code).toBe(0)
    bench.emulator.faults.add({kind: 'http', match: {provider: 'openai', operation: 'batches.retrieve'}, status: 429, retryAfter: 1, times: 1})
    const started = Date.now()
    const result = await bench.bench(cwd, ['get', 'patient'])
    expect(result.code).toBe(0)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
  })
})

describe('a vendor that keeps failing', () => {
  it('start stops with one line and exit 3, and a later run resumes without uploading again', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'down'})
    const uploads = uploadCount(bench.emulator, 'openai')
    bench.emulator.faults.add({kind: 'http', match: {provider: 'openai', operation: 'batches.create'}, status: 503, retryAfter: 0, times: 2})
    const failed = await bench.bench(cwd, ['start', 'down'], {BENCH_MAX_RETRIES: '1'})
    expect(failed.code).toBe(3)
    expect(failed.stdout).toBe('')
    expect(oneErrorLine(failed.stderr)).toBe(
      'Error: OpenAI answered 503: The server had an error; retry later.; OpenAI is having trouble: wait a while and re-run the command',
    )

    const resumed = await bench.bench(cwd, ['start', 'down'])
    expect(resumed.code).toBe(0)
    expect(uploadCount(bench.emulator, 'openai') - uploads).toBe(1)
  })
})

describe('a bad API key', () => {
  it.each(PROVIDER_NAMES)('%s: one line naming the variable, never the key, exit 3', async (provider) => {
    const cwd = await templates.copy({provider, name: 'locked'})
    const result = await bench.bench(cwd, ['start', 'locked'], {[KEY_VARIABLES[provider]]: 'bad-key'})
    expect(result.code).toBe(3)
    const line = oneErrorLine(result.stderr)
    expect(line).toContain(`${LABELS[provider]} answered`)
    expect(line).toContain(`check ${KEY_VARIABLES[provider]} in .env`)
    expect(result.stdout + result.stderr).not.toContain('bad-key')
  })
})

/** What the user gets from one vendor batch that a fault shaped. */
interface FaultCase {
  title: string
  faults: (provider: ProviderName) => Fault[]
  /** The state `get` shows once the batch has ended. */
  state: string
  /** Expected line per custom_id: `ok`, or the failure code. */
  outcomes: (provider: ProviderName) => string[]
}

const VALIDATION_MESSAGE = 'Line 1 is not a valid request: emulated validation failure.'
const LINE_ERROR_MESSAGE = 'Emulated failure of this one request.'

const faultCases: FaultCase[] = [
  {
    title: 'fails validation: every request is batch_failed with the reason',
    faults: (provider) => [{kind: 'validation', provider, message: VALIDATION_MESSAGE, times: 1}],
    state: 'failed',
    outcomes: () => ['batch_failed', 'batch_failed', 'batch_failed', 'batch_failed'],
  },
  {
    title: 'expires after three lines, one of which failed and one was unreadable',
    faults: (provider) => [
      {kind: 'expire', provider, fraction: 0.75, times: 1},
      {kind: 'line-error', provider, customIds: ['S-01'], status: 500, code: 'server_error', message: LINE_ERROR_MESSAGE, times: 1},
      {kind: 'malformed-output', provider, customIds: ['S-02'], times: 1},
    ],
    state: 'expired',
    outcomes: () => ['server_error', 'missing', 'ok', 'expired'],
  },
]

describe.each(faultCases)('a batch that $title', ({faults, state, outcomes}) => {
  it.each(PROVIDER_NAMES)('%s', async (provider) => {
    const cwd = await templates.copy({provider, name: 'shaped', limit: LIMIT})
    for (const fault of faults(provider)) bench.emulator.faults.add(fault)
    expect((await bench.bench(cwd, ['start', 'shaped'])).code).toBe(0)

    const status = await bench.bench(cwd, ['get', 'shaped'])
    expect(status.stdout.split('\n')[0]).toMatch(new RegExp(`^shaped {2}${state} \\(`))
    if (state === 'failed') expect(status.stdout).toContain(VALIDATION_MESSAGE)

    const result = await bench.bench(cwd, ['results', 'shaped'])
    expect(result.code).toBe(0)
    const lines = await readResults(cwd, 'shaped')
    const byId = new Map(lines.map((line) => [line.custom_id, line]))
    expect(lines.map((line) => line.custom_id).sort()).toEqual(await sampleIds(LIMIT))
    const expected = outcomes(provider)
    expect((await sampleIds(LIMIT)).map((id) => (byId.get(id)!.ok ? 'ok' : byId.get(id)!.error!.code))).toEqual(expected)
    for (const line of lines) expect(line).toMatchObject({model: 'model-1', provider})
    if (state === 'failed') for (const line of lines) expect(line.error!.message).toContain(VALIDATION_MESSAGE)
    else expect(byId.get('S-01')!.error!.message).toContain(LINE_ERROR_MESSAGE)

    // The card counts failures by reason; an unreadable line is reported on stderr, once.
    const failures = Object.entries(Object.groupBy(expected.filter((code) => code !== 'ok'), (code) => code))
    for (const [code, list] of failures) expect(result.stdout).toMatch(new RegExp(`failed\\s+.*${list!.length} ${code}`))
    if (state === 'expired') expect(result.stderr).toMatch(/^warning: skipped 1 unreadable line in .*; their requests will count as missing\n$/)
  })
})

describe('a slow server', () => {
  it('get waits for the answer instead of giving up', async () => {
    const cwd = await templates.copy({provider: 'gemini', name: 'slow'})
    expect((await bench.bench(cwd, ['start', 'slow'])).code).toBe(0)
    bench.emulator.faults.add({kind: 'delay', match: {provider: 'gemini', operation: STATUS_OPERATIONS.gemini}, milliseconds: 1500, times: 1})
    const started = Date.now()
    const result = await bench.bench(cwd, ['get', 'slow'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^slow {2}completed/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500)
    expect((await readBatchManifest(cwd, 'slow')).last_status?.state).toBe('completed')
    expect(await readdir(cwd)).toEqual(['processed_files'])
  })
})
