import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {PROVIDER_NAMES, type ProviderName} from '../../src/providers/names.js'
import {
  PreparedTemplates,
  createCount,
  executedIds,
  readBatchManifest,
  readResults,
  sampleIds,
  uploadCount,
  uploadsFiles,
  useBenchEmulator,
  waitFor,
} from '../support/emulator.js'

/** Four riddles in two shards: a crash can land between them. */
const LIMIT = 4
const SHARDS = 2

const bench = useBenchEmulator()
const templates = new PreparedTemplates(bench)

/** A fresh sharded batch; each test has its own vendor batches, so counts start from here. */
async function preparedBatch(provider: ProviderName, name: string) {
  const cwd = await templates.copy({provider, name, limit: LIMIT, maxBatchRequests: LIMIT / SHARDS})
  const before = {uploads: uploadCount(bench.emulator, provider), creates: createCount(bench.emulator, provider)}
  return {
    cwd,
    uploads: () => uploadCount(bench.emulator, provider) - before.uploads,
    creates: () => createCount(bench.emulator, provider) - before.creates,
  }
}

/** Collects the results and checks every request is there exactly once and ran exactly once. */
async function expectWholeResults(cwd: string, provider: ProviderName, name: string): Promise<void> {
  const result = await bench.bench(cwd, ['results', name])
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  const lines = await readResults(cwd, name)
  expect(lines.map((line) => line.custom_id).sort()).toEqual(await sampleIds(LIMIT))
  expect(lines.every((line) => line.ok)).toBe(true)
  expect(await executedIds(bench.emulator, provider, cwd, name)).toEqual(await sampleIds(LIMIT))
}

/**
 * After an upload each vendor's own search for a batch runs on the re-run, so every vendor that
 * uploads is tried there; later points are recorded by shared code and take one vendor or two.
 */
const startPoints = [
  ...PROVIDER_NAMES.filter(uploadsFiles).map((provider) => ({provider, point: 'start:uploaded'})),
  {provider: 'anthropic' as const, point: 'start:created'},
  {provider: 'mistral' as const, point: 'start:created'},
  {provider: 'groq' as const, point: 'start:shard-submitted'},
]

describe('bench start killed at each step, then run again', () => {
  it.each(startPoints)('$provider at $point: resumes without uploading or creating twice', async ({provider, point}) => {
    const name = `crash_${provider}_${point.replace(':', '_')}`
    const batch = await preparedBatch(provider, name)
    const crashed = await bench.bench(batch.cwd, ['start', name], {BENCH_CRASH_AT: point})
    expect(crashed.signal).toBe('SIGKILL')
    expect((await readBatchManifest(batch.cwd, name)).state).toBe('submitting')

    const resumed = await bench.bench(batch.cwd, ['start', name])
    expect(resumed.stderr).toBe('')
    expect(resumed.code).toBe(0)
    expect(resumed.stdout).toContain(`Submitted ${name}`)
    expect(batch.creates()).toBe(SHARDS)
    expect(batch.uploads()).toBe(uploadsFiles(provider) ? SHARDS : 0)
    // Anthropic cannot tell whether a crashed run created a batch: the card says so on a resume.
    if (provider === 'anthropic') expect(resumed.stdout).toMatch(/note\s+Anthropic batches carry no name: if an earlier run crashed/)
    else expect(resumed.stdout).not.toContain('note')
    await expectWholeResults(batch.cwd, provider, name)
  })
})

// Concurrent: each vendor waits out its own slow create, and the faults are per vendor. Six
// vendors' commands at once share the machine: on a loaded one each test takes longer than alone.
describe.concurrent('bench start killed while the vendor is creating the batch', {timeout: 150_000}, () => {
  it.each(PROVIDER_NAMES)('%s', async (provider) => {
    const name = `inflight_${provider}`
    const batch = await preparedBatch(provider, name)
    // The create is answered only after 5 s: the process is killed while it waits, after the
    // vendor has the request (so the batch will exist) and before bench could record its id.
    // The emulator uses the delay up when the request arrives: that is the moment to kill, on a
    // loaded machine as on a quiet one.
    const slowCreate = {kind: 'delay', match: {provider, operation: 'batches.create'}, milliseconds: 5000, times: 1} as const
    bench.emulator.faults.add(slowCreate)
    const createArrived = () => !bench.emulator.faults.list().some((fault) => fault.kind === 'delay' && fault.match.provider === provider)
    const killed = bench.bench(batch.cwd, ['start', name])
    await waitFor(createArrived, 'the create request to reach the vendor', 30_000)
    expect(batch.creates()).toBe(0)
    process.kill(Number(await readFile(join(batch.cwd, 'processed_files', `${name}.lock`), 'utf8')), 'SIGKILL')
    expect((await killed).signal).toBe('SIGKILL')
    await waitFor(() => batch.creates() === 1, 'the delayed create to be served', 30_000)

    const resumed = await bench.bench(batch.cwd, ['start', name])
    expect(resumed.code).toBe(0)
    if (provider === 'anthropic') {
      // No name or metadata on an Anthropic batch: the orphan is not found, a duplicate runs, and
      // the card tells the user to look for it.
      expect(batch.creates()).toBe(SHARDS + 1)
      expect(resumed.stdout).toMatch(/note\s+Anthropic batches carry no name: if an earlier run crashed right after creating this batch, a duplicate may be running/)
    } else {
      expect(batch.creates()).toBe(SHARDS)
      expect(resumed.stdout).toMatch(/reused\s+1 batch\(es\) created by an interrupted run/)
    }
    await expectWholeResults(batch.cwd, provider, name)
  })
})

describe('bench results killed part way, then run again', () => {
  it.each([
    {provider: 'openai' as const, point: 'results:shard-read'},
    {provider: 'gemini' as const, point: 'results:shard-read'},
    {provider: 'anthropic' as const, point: 'results:before-commit'},
    {provider: 'together' as const, point: 'results:before-commit'},
  ])('$provider at $point: no results file until the re-run writes it whole', async ({provider, point}) => {
    const name = `crash_${provider}_${point.replace(':', '_')}`
    const batch = await preparedBatch(provider, name)
    expect((await bench.bench(batch.cwd, ['start', name])).code).toBe(0)
    const crashed = await bench.bench(batch.cwd, ['results', name], {BENCH_CRASH_AT: point})
    expect(crashed.signal).toBe('SIGKILL')
    expect((await readdir(join(batch.cwd, 'results')).catch(() => [])).filter((file) => file === `${name}.jsonl`)).toEqual([])

    await expectWholeResults(batch.cwd, provider, name)
    // The killed run's temp file is cleaned up: only the results file is left.
    expect(await readdir(join(batch.cwd, 'results'))).toEqual([`${name}.jsonl`])
  })
})
