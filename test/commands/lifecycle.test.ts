import {readdir, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {scratchDir} from '../support/cli.js'
import {
  MODEL,
  PreparedTemplates,
  executedIds,
  prepareArgs,
  readBatchManifest,
  readResults,
  sampleIds,
  createCount,
  uploadCount,
  uploadsFiles,
  useBenchEmulator,
} from '../support/emulator.js'
import type {StatusCard} from '../../src/cli/status-card.js'
import type {ResultsSummary} from '../../src/core/results/collect-results.js'
import {PROVIDER_NAMES, type ProviderName} from '../../src/providers/names.js'
import {matching} from '../support/matchers.js'

/** Five riddles in shards of two: three vendor batches that every command treats as one. */
const LIMIT = 5
const SHARD_SIZE = 2
const SHARDS = 3

const bench = useBenchEmulator()
const templates = new PreparedTemplates(bench)

describe.each(PROVIDER_NAMES)('%s: prepare -> start -> get -> results, sharded', (provider) => {
  const name = `life_${provider}`
  let cwd: string

  beforeAll(async () => {
    cwd = await templates.copy({provider, name, limit: LIMIT, maxBatchRequests: SHARD_SIZE})
  })

  it('start submits every shard once and prints the batch ids', async () => {
    const result = await bench.bench(cwd, ['start', name])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const manifest = await readBatchManifest(cwd, name)
    const batchIds = manifest.shards.map((shard) => shard.remote?.batch_id)
    expect(batchIds).toHaveLength(SHARDS)
    expect(result.stdout).toContain(`Submitted ${name}`)
    expect(result.stdout).toContain(`${provider} · ${MODEL}`)
    for (const id of batchIds) expect(result.stdout).toContain(id)
    expect(result.stdout).toContain(`Next: bench get ${name}`)
    expect(createCount(bench.emulator, provider)).toBe(SHARDS)
    expect(uploadCount(bench.emulator, provider)).toBe(uploadsFiles(provider) ? SHARDS : 0)
  })

  it('get shows one combined card: state beside the vendor status, counts, progress, results available', async () => {
    const result = await bench.bench(cwd, ['get', name])
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toMatch(new RegExp(`^${name}  completed \\(${COMPLETED_STATUS[provider]}\\)$`))
    expect(result.stdout).toMatch(
      provider === 'together'
        ? new RegExp(`requests\\s+${LIMIT} total \\(the vendor reports progress only\\)`)
        : new RegExp(`requests\\s+${LIMIT} total · ${LIMIT} succeeded · 0 failed · 0 pending`),
    )
    expect(result.stdout).toMatch(/progress\s+\[#{24}\] 100%/)
    expect(result.stdout).toMatch(/results\s+available/)
    expect(result.stdout).toContain(`Next: bench results ${name}`)
    // `watch -n 2` shows the output as it is: no colours, no cursor moves, no spinner frames.
    expect(result.stdout + result.stderr).not.toMatch(/[\u001B\r]/)
  })

  it('results writes one normalized line per request and a card with tokens and the path', async () => {
    const result = await bench.bench(cwd, ['results', name])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const lines = await readResults(cwd, name)
    expect(lines.map((line) => line.custom_id).sort()).toEqual(await sampleIds(LIMIT))
    for (const line of lines) {
      expect(line).toMatchObject({ok: true, model: MODEL, provider})
      expect(JSON.parse(line.text!)).toEqual(line.parsed)
      expect(line.parsed).toEqual({justification: matching.any(String), answer: matching.any(String)})
      expect(line.usage!.input).toBeGreaterThan(0)
      expect(line.usage!.output).toBeGreaterThan(0)
    }
    const input = lines.reduce((sum, line) => sum + line.usage!.input, 0)
    const output = lines.reduce((sum, line) => sum + line.usage!.output, 0)
    expect(result.stdout).toContain(`Results of ${name}`)
    expect(result.stdout).toMatch(new RegExp(`succeeded\\s+${LIMIT} / ${LIMIT}`))
    expect(result.stdout).toMatch(/failed\s+0\n/)
    expect(result.stdout).toMatch(new RegExp(`tokens\\s+${input} in · ${output} out`))
    expect(result.stdout).toMatch(new RegExp(`file\\s+results/${name}.jsonl`))
    expect(await executedIds(bench.emulator, provider, cwd, name)).toEqual(await sampleIds(LIMIT))
  })

  it('results --json again gives the same summary and leaves the file whole', async () => {
    const before = await readResults(cwd, name)
    const result = await bench.bench(cwd, ['results', name, '--json'])
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout) as ResultsSummary
    expect(summary).toMatchObject({name, file: `results/${name}.jsonl`, total: LIMIT, succeeded: LIMIT, failed: 0, failures: {}, unexpected: 0})
    expect(await readResults(cwd, name)).toEqual(before)
    expect(await readdir(join(cwd, 'results'))).toEqual([`${name}.jsonl`])
  })
})

describe('a finished batch, asked again', () => {
  const name = 'life_mistral'
  const provider = 'mistral'

  it('get --json prints the status card as one object', async () => {
    const cwd = await finishedBatch(provider, name)
    const card = JSON.parse((await bench.bench(cwd, ['get', name, '--json'])).stdout) as StatusCard
    expect(card).toEqual({
      name,
      provider,
      model: MODEL,
      requests: 2,
      state: 'completed',
      provider_status: 'SUCCESS',
      counts: {total: 2, succeeded: 2, failed: 0, pending: 0},
      percent: 100,
      elapsed_seconds: matching.any(Number),
      results_available: true,
      next: `bench results ${name}`,
    })
  })

  it('start says it was already submitted, submits nothing and exits 0', async () => {
    const cwd = await finishedBatch(provider, name)
    const creates = createCount(bench.emulator, provider)
    const result = await bench.bench(cwd, ['start', name])
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')[0]).toBe(`${name} was already submitted`)
    expect(createCount(bench.emulator, provider)).toBe(creates)
  })
})

/** A two-request batch, started (the emulator settles it at the first look). */
async function finishedBatch(provider: ProviderName, name: string): Promise<string> {
  return templates.started({provider, name, limit: 2})
}

/** What each vendor calls a finished batch. */
const COMPLETED_STATUS: Record<ProviderName, string> = {
  openai: 'completed',
  anthropic: 'ended',
  gemini: 'BATCH_STATE_SUCCEEDED',
  mistral: 'SUCCESS',
  together: 'COMPLETED',
  groq: 'completed',
}

describe('get under `watch -n 2`', () => {
  it('remembers a new status in the manifest and leaves it untouched while the status repeats', async () => {
    const cwd = await templates.copy({provider: 'groq', name: 'watched'})
    expect((await bench.bench(cwd, ['start', 'watched'])).code).toBe(0)
    const manifestPath = join(cwd, 'processed_files', 'watched.manifest.json')
    expect((await bench.bench(cwd, ['get', 'watched'])).code).toBe(0)
    expect((await readBatchManifest(cwd, 'watched')).last_status?.state).toBe('completed')
    const written = await stat(manifestPath)
    for (let run = 0; run < 2; run += 1) expect((await bench.bench(cwd, ['get', 'watched'])).stdout).toMatch(/^watched {2}completed/)
    expect((await stat(manifestPath)).mtimeMs).toBe(written.mtimeMs)
  })
})

describe('list and get without a name', () => {
  it('show every batch with its vendor, state and results file', async () => {
    const cwd = await scratchDir()
    for (const [provider, name] of [['openai', 'first'], ['mistral', 'second']] as const) {
      expect((await bench.bench(cwd, prepareArgs({provider, name, limit: 2}))).code).toBe(0)
    }
    expect((await bench.bench(cwd, ['start', 'first'])).code).toBe(0)
    expect((await bench.bench(cwd, ['results', 'first'])).code).toBe(0)
    for (const command of [['list'], ['get']]) {
      const result = await bench.bench(cwd, command)
      expect(result.code).toBe(0)
      expect(result.stdout.trim().split('\n').map((line) => line.split(/\s{2,}/))).toEqual([
        ['NAME', 'VENDOR', 'MODEL', 'REQUESTS', 'STATE', 'RESULTS'],
        ['first', 'openai', MODEL, '2', 'completed', 'results/first.jsonl'],
        ['second', 'mistral', MODEL, '2', 'prepared', '-'],
      ])
    }
    const json = JSON.parse((await bench.bench(cwd, ['list', '--json'])).stdout) as {name: string; state: string}[]
    expect(json.map(({name, state}) => [name, state])).toEqual([
      ['first', 'completed'],
      ['second', 'prepared'],
    ])
  })

  it('say how to begin when there is no batch', async () => {
    const result = await bench.bench(await scratchDir(), ['list'])
    expect(result.code).toBe(0)
    expect(result.stdout.trim()).toBe('No batches yet. Make one with `bench prepare` (see `bench prepare --help`).')
  })
})

describe('commands on a batch that was never started', () => {
  it.each([['results'], ['cancel']])('%s refuses in one line, telling to start it', async (command) => {
    const cwd = await templates.copy({provider: 'openai', name: 'idle'})
    const result = await bench.bench(cwd, [command, 'idle'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('Error: batch "idle" has not been submitted: run `bench start idle` first')
    expect(await readdir(cwd)).toEqual(['processed_files'])
  })

  it('get shows it as prepared, with the next step', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'idle'})
    const result = await bench.bench(cwd, ['get', 'idle'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`idle  prepared\n  vendor    openai · ${MODEL}\n  requests  4 total\n\nNext: bench start idle\n`)
  })
})
