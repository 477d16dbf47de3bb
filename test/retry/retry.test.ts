import {afterEach, describe, expect, it} from 'vitest'

import {PROVIDER_NAMES, type ProviderName} from '../../src/providers/names.js'
import {PreparedTemplates, executedIds, readBatchManifest, readResults, sampleIds, useBenchEmulator} from '../support/emulator.js'

const bench = useBenchEmulator()
const templates = new PreparedTemplates(bench)
afterEach(() => {
  bench.emulator.faults.clear()
})

async function succeed(cwd: string, args: string[]): Promise<string> {
  const result = await bench.bench(cwd, args)
  expect(result.code, `bench ${args.join(' ')}: ${result.stderr}`).toBe(0)
  return result.stdout
}

/** Ids of the lines of a results file that did not succeed, sorted. */
async function failedIds(cwd: string, name: string): Promise<string[]> {
  return (await readResults(cwd, name))
    .filter((line) => !line.ok)
    .map((line) => line.custom_id)
    .sort()
}

/** Every request once, every one answered. */
async function expectAllSucceededOnce(cwd: string, name: string, riddles: number): Promise<void> {
  const lines = await readResults(cwd, name)
  expect(lines.map((line) => line.custom_id).sort()).toEqual(await sampleIds(riddles))
  expect(lines.filter((line) => !line.ok)).toEqual([])
}

// Each test runs bench five to eight times: over a minute on a loaded machine under coverage.
const SEVERAL_RUNS = {timeout: 120_000}

describe('a batch where a third of the lines fail and the batch then expires part-done', SEVERAL_RUNS, () => {
  const RIDDLES = 9
  it.each(PROVIDER_NAMES)('%s: retry resubmits only the unfinished requests, and results merge both attempts', async (provider: ProviderName) => {
    const name = `partial_${provider}`
    const cwd = await templates.copy({provider, name, limit: RIDDLES})
    // Lines 3, 6 and 9 fail with a server error; the batch expires after six lines ran.
    bench.emulator.faults.add({kind: 'line-error', provider, every: 3, status: 500, code: 'server_error', times: 1})
    bench.emulator.faults.add({kind: 'expire', provider, fraction: 2 / 3, times: 1})
    await succeed(cwd, ['start', name])
    await succeed(cwd, ['results', name])
    const unfinished = await failedIds(cwd, name)
    // Gemini keeps no output for an expired batch: all of it is unfinished there.
    expect(unfinished).toEqual(provider === 'gemini' ? await sampleIds(RIDDLES) : ['S-03', 'S-06', 'S-07', 'S-08', 'S-09'])

    const retry = await succeed(cwd, ['retry', name, '--start'])
    const retryName = `${name}_retry_1`
    expect(retry).toContain(`Prepared ${retryName}: attempt 2 of ${name}`)
    expect(retry).toMatch(new RegExp(`resubmits\\s+${unfinished.length} requests`))
    expect((await readBatchManifest(cwd, name)).attempts).toEqual([retryName])

    const merged = await succeed(cwd, ['results', name])
    // The emulator ran exactly the unfinished requests again, once each.
    expect(await executedIds(bench.emulator, provider, cwd, retryName)).toEqual(unfinished)
    await expectAllSucceededOnce(cwd, name, RIDDLES)
    expect(merged).toMatch(/succeeded\s+9 \/ 9/)
    expect(merged).toMatch(new RegExp(`attempts\\s+${RIDDLES - unfinished.length} from ${name}\\n\\s+${unfinished.length} from ${retryName}`))
  })
})

describe('bench retry', SEVERAL_RUNS, () => {
  it('leaves a request refused as invalid, and says why', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'refused', limit: 4})
    bench.emulator.faults.add({kind: 'line-error', provider: 'openai', customIds: ['S-02'], status: 400, code: 'invalid_request_error', times: 1})
    bench.emulator.faults.add({kind: 'line-error', provider: 'openai', customIds: ['S-03'], status: 503, code: 'server_error', times: 1})
    await succeed(cwd, ['start', 'refused'])
    const retry = await succeed(cwd, ['retry', 'refused'])
    expect(retry).toMatch(/resubmits\s+1 requests \(1 server_error\)/)
    expect(retry).toMatch(/left\s+1 invalid_request: the vendor refused the request as invalid, and the same request gets the same answer \(--include-permanent sends it anyway\)/)
    expect(retry).toContain('Next: bench start refused_retry_1')

    // Run again before starting: the prepared retry is handed back, not made twice.
    expect(await succeed(cwd, ['retry', 'refused'])).toContain('Resumed refused_retry_1')
    await succeed(cwd, ['start', 'refused_retry_1'])
    const merged = await succeed(cwd, ['results', 'refused'])
    expect(merged).toMatch(/succeeded\s+3 \/ 4\n\s+failed\s+1 \(1 invalid_request\)/)
    expect(await failedIds(cwd, 'refused')).toEqual(['S-02'])
  })

  it('retries a retry: the third attempt takes what the second left, and results count all three', async () => {
    const cwd = await templates.copy({provider: 'mistral', name: 'stubborn', limit: 6})
    bench.emulator.faults.add({kind: 'line-error', provider: 'mistral', every: 2, times: 1})
    await succeed(cwd, ['start', 'stubborn'])
    bench.emulator.faults.add({kind: 'line-error', provider: 'mistral', customIds: ['S-04'], times: 1})
    await succeed(cwd, ['retry', 'stubborn', '--start', '--only', 'server_error'])
    const again = await succeed(cwd, ['retry', 'stubborn_retry_1', '--start'])
    expect(again).toContain('Prepared stubborn_retry_2: attempt 3 of stubborn')

    const merged = await succeed(cwd, ['results', 'stubborn'])
    expect(await executedIds(bench.emulator, 'mistral', cwd, 'stubborn_retry_1')).toEqual(['S-02', 'S-04', 'S-06'])
    expect(await executedIds(bench.emulator, 'mistral', cwd, 'stubborn_retry_2')).toEqual(['S-04'])
    await expectAllSucceededOnce(cwd, 'stubborn', 6)
    expect(merged).toMatch(/attempts\s+3 from stubborn\n\s+2 from stubborn_retry_1\n\s+1 from stubborn_retry_2/)
    // Nothing is left: a fourth retry says so and sends nothing.
    expect(await succeed(cwd, ['retry', 'stubborn'])).toMatch(/Nothing to retry in stubborn\n\s+left\s+none: every request succeeded/)
  })

  it('refuses to download a retry on its own: its results are merged into the first batch', async () => {
    const cwd = await templates.copy({provider: 'groq', name: 'chain', limit: 2})
    bench.emulator.faults.add({kind: 'line-error', provider: 'groq', customIds: ['S-01'], times: 1})
    await succeed(cwd, ['start', 'chain'])
    await succeed(cwd, ['retry', 'chain', '--start'])
    const result = await bench.bench(cwd, ['results', 'chain_retry_1'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('Error: batch "chain_retry_1" is attempt 2 of "chain": run `bench results chain`, which merges every attempt\n')
  })
})
