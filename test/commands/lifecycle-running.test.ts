import {readdir} from 'node:fs/promises'
import {describe, expect, it} from 'vitest'

import type {StatusCard} from '../../src/cli/status-card.js'
import {PROVIDER_NAMES, type ProviderName} from '../../src/providers/names.js'
import {ManualClock, PreparedTemplates, readResults, sampleIds, useBenchEmulator} from '../support/emulator.js'

/**
 * Batches that take 100 s on a clock the test moves: 10 s validating, then one of the four
 * requests every 20 s. Each test starts its batch at the current time and moves on from there.
 */
const BATCH_SECONDS = 100
const LIMIT = 4

const clock = new ManualClock()
const bench = useBenchEmulator({batchSeconds: BATCH_SECONDS, now: clock.now})
const templates = new PreparedTemplates(bench)

/** A batch of four requests, started; the clock then moved to where two have run. */
async function halfDoneBatch(provider: ProviderName, name: string): Promise<string> {
  const cwd = await templates.started({provider, name, limit: LIMIT})
  clock.advance(50)
  return cwd
}

/** What each vendor calls a running batch. */
const RUNNING_STATUS: Record<ProviderName, string> = {
  openai: 'in_progress',
  anthropic: 'in_progress',
  gemini: 'BATCH_STATE_RUNNING',
  mistral: 'RUNNING',
  together: 'IN_PROGRESS',
  groq: 'in_progress',
}

describe.each(PROVIDER_NAMES)('%s: a batch half-way', (provider) => {
  it('get shows it running with its counts, and cancel keeps what already ran', async () => {
    const name = `half_${provider}`
    const cwd = await halfDoneBatch(provider, name)

    const running = await bench.bench(cwd, ['get', name])
    expect(running.code).toBe(0)
    expect(running.stdout.split('\n')[0]).toBe(`${name}  running (${RUNNING_STATUS[provider]})`)
    // Anthropic counts every request as processing until the whole batch has ended.
    const counts: Partial<Record<ProviderName, RegExp>> = {
      together: /requests\s+4 total \(the vendor reports progress only\)/,
      anthropic: /requests\s+4 total · 0 succeeded · 0 failed · 4 pending/,
    }
    expect(running.stdout).toMatch(counts[provider] ?? /requests\s+4 total · 2 succeeded · 0 failed · 2 pending/)
    expect(running.stdout).toMatch(provider === 'anthropic' ? /progress\s+\[\.{24}\] 0%/ : /progress\s+\[#{12}\.{12}\] 50%/)
    expect(running.stdout).toMatch(/results\s+not yet/)
    expect(running.stdout).not.toContain('Next:')
    // `watch -n 2` shows the output as it is: no colours, no cursor moves, no spinner frames.
    expect(running.stdout + running.stderr).not.toMatch(/[\u001B\r]/)

    const cancelled = await bench.bench(cwd, ['cancel', name])
    expect(cancelled.code).toBe(0)
    const [said, , title] = cancelled.stdout.split('\n')
    expect(said).toBe(`Cancel requested for 1 shard(s) of ${name}; answers already done are kept.`)
    // Gemini has no cancelling state: its batch reports running until the cancel lands.
    expect(title).toMatch(new RegExp(`^${name}  ${provider === 'gemini' ? 'running' : 'cancelling'} \\(`))
    clock.advance(BATCH_SECONDS)

    const result = await bench.bench(cwd, ['results', name])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/succeeded\s+2 \/ 4\n\s+failed\s+2 \(2 cancelled\)/)
    const lines = await readResults(cwd, name)
    const ids = await sampleIds(LIMIT)
    expect(lines.map((line) => line.custom_id).sort()).toEqual(ids)
    const outcome = new Map(lines.map((line) => [line.custom_id, line.ok ? 'ok' : line.error!.code]))
    expect(ids.map((id) => outcome.get(id))).toEqual(['ok', 'ok', 'cancelled', 'cancelled'])
  })
})

describe('results on a batch still running', () => {
  it.each([
    {provider: 'openai' as const, done: ', 2/4 done'},
    {provider: 'together' as const, done: ''},
  ])('$provider: refuses with the current state and writes nothing', async ({provider, done}) => {
    const name = `early_${provider}`
    const cwd = await halfDoneBatch(provider, name)
    const result = await bench.bench(cwd, ['results', name])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      `Error: batch "${name}" is not finished: running (${RUNNING_STATUS[provider]})${done}; wait (\`bench get ${name}\`) and try again\n`,
    )
    expect(await readdir(cwd)).toEqual(['processed_files'])

    const json = JSON.parse((await bench.bench(cwd, ['get', name, '--json'])).stdout) as StatusCard
    expect(json).toMatchObject({name, state: 'running', provider_status: RUNNING_STATUS[provider], percent: 50, results_available: false})
    expect((await bench.bench(cwd, ['list'])).stdout).toMatch(new RegExp(`${name}\\s+${provider}\\s+model-1\\s+4\\s+running\\s+-`))
  })
})
