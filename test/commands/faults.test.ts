import {readdir} from 'node:fs/promises'
import {afterEach, describe, expect, it} from 'vitest'

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
  useBenchEmulator,
  uploadCount,
} from '../support/emulator.js'
import {matching} from '../support/matchers.js'

const LIMIT = 4

const bench = useBenchEmulator()
const templates = new PreparedTemplates(bench)
afterEach(() => {
  bench.emulator.faults.clear()
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
      'Error: OpenAI answered 503 (server_error): The server had an error; retry later.; OpenAI is having trouble: wait a while and re-run the command',
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

const VALIDATION_MESSAGE = 'Line 1 is not a valid request: emulated validation failure.'
const LINE_ERROR_MESSAGE = 'Emulated failure of this one request.'

describe('a batch that fails validation', () => {
  it.each(PROVIDER_NAMES.filter((provider) => provider !== 'anthropic'))('%s: every request is batch_failed with the reason', async (provider) => {
    const cwd = await templates.copy({provider, name: 'invalid', limit: LIMIT})
    bench.emulator.faults.add({kind: 'validation', provider, message: VALIDATION_MESSAGE, times: 1})
    expect((await bench.bench(cwd, ['start', 'invalid'])).code).toBe(0)

    const status = await bench.bench(cwd, ['get', 'invalid'])
    expect(status.stdout).toMatch(/^invalid {2}failed \(/)
    expect(status.stdout).toMatch(new RegExp(`errors\\s+.*${VALIDATION_MESSAGE}`))
    expect(status.stdout).toContain('Next: bench results invalid')

    const result = await bench.bench(cwd, ['results', 'invalid'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/succeeded\s+0 \/ 4\n\s+failed\s+4 \(4 batch_failed\)/)
    const lines = await readResults(cwd, 'invalid')
    expect(lines.map((line) => line.custom_id).sort()).toEqual(await sampleIds(LIMIT))
    for (const line of lines) {
      expect(line).toMatchObject({ok: false, error: {code: 'batch_failed'}, model: 'model-1', provider})
      expect(line.error!.message).toContain(VALIDATION_MESSAGE)
    }
  })

  it('anthropic validates at create: start refuses in one line, exit 3, and nothing is submitted', async () => {
    const cwd = await templates.copy({provider: 'anthropic', name: 'invalid'})
    const creates = createCount(bench.emulator, 'anthropic')
    bench.emulator.faults.add({kind: 'validation', provider: 'anthropic', message: VALIDATION_MESSAGE, times: 1})
    const result = await bench.bench(cwd, ['start', 'invalid'])
    expect(result.code).toBe(3)
    // The vendor's request id travels with the error, for its support to find the request.
    expect(oneErrorLine(result.stderr)).toMatch(
      new RegExp(`^Error: Anthropic answered 400 \\(invalid_request, request req_\\w+\\): requests: ${escapeRegExp(VALIDATION_MESSAGE)}; the request was refused as shown; fix it and re-run the command$`),
    )
    expect(createCount(bench.emulator, 'anthropic')).toBe(creates)
  })
})

/** The vendor's own code for a request that failed on its own (an HTTP 500 inside the batch); bench's is `server_error`. */
const VENDOR_LINE_ERROR_CODES: Record<ProviderName, string> = {
  openai: 'server_error',
  anthropic: 'api_error',
  gemini: 'server_error',
  mistral: 'http_500',
  together: 'server_error',
  groq: 'server_error',
}

describe('a batch that expires after three of four requests ran: one failed, one came back unreadable', () => {
  it.each(PROVIDER_NAMES)('%s', async (provider) => {
    const cwd = await templates.copy({provider, name: 'late', limit: LIMIT})
    bench.emulator.faults.add({kind: 'expire', provider, fraction: 0.75, times: 1})
    bench.emulator.faults.add({kind: 'line-error', provider, customIds: ['S-01'], status: 500, code: 'server_error', message: LINE_ERROR_MESSAGE, times: 1})
    bench.emulator.faults.add({kind: 'malformed-output', provider, customIds: ['S-02'], times: 1})
    expect((await bench.bench(cwd, ['start', 'late'])).code).toBe(0)
    expect((await bench.bench(cwd, ['get', 'late'])).stdout).toMatch(/^late {2}expired \(/)

    const result = await bench.bench(cwd, ['results', 'late'])
    expect(result.code).toBe(0)
    const lines = await readResults(cwd, 'late')
    const byId = new Map(lines.map((line) => [line.custom_id, line]))
    expect(lines.map((line) => line.custom_id).sort()).toEqual(await sampleIds(LIMIT))
    const outcomes = (await sampleIds(LIMIT)).map((id) => (byId.get(id)!.ok ? 'ok' : byId.get(id)!.error!.code))
    if (provider === 'gemini') {
      // Gemini keeps no output for an expired batch (providers.md 4.4): nothing can be recovered.
      expect(outcomes).toEqual(['expired', 'expired', 'expired', 'expired'])
      expect(result.stdout).toMatch(/failed\s+4 \(4 expired\)/)
      return
    }
    expect(outcomes).toEqual(['server_error', 'missing', 'ok', 'expired'])
    expect(byId.get('S-01')!.error).toMatchObject({message: matching.stringContaining(LINE_ERROR_MESSAGE), vendor_code: VENDOR_LINE_ERROR_CODES[provider]})
    expect(byId.get('S-03')!.parsed).toEqual({justification: matching.any(String), answer: matching.any(String)})
    const reasons = ['expired', 'missing', 'server_error'].map((code) => `1 ${code}`)
    expect(result.stdout).toMatch(new RegExp(`succeeded\\s+1 / 4\\n\\s+failed\\s+3 \\(${reasons.join(', ')}\\)`))
    // The unreadable line is reported once, on stderr, and counted as missing.
    expect(result.stderr).toMatch(/^warning: skipped 1 unreadable line in .*; their requests will count as missing\n$/)
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
