import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ScenarioPrepared} from '../../src/cli/scenario-card.js'
import {safeId} from '../../src/core/prepare/vendor-ids.js'
import {PROVIDER_NAMES, type ProviderName} from '../../src/providers/names.js'
import {MODEL, executedIds, readBatchManifest, readResults, startBenchEmulator, type BenchEmulator} from '../support/emulator.js'
import {scenarioDir} from './fixtures.js'

/**
 * Task ids Anthropic refuses (`.`, `:`, over 64 characters) and Together refuses (over 64): bench
 * maps them at prepare time, every vendor runs them, and the results carry the user's ids.
 */
const LONG_ID = `long-${'x'.repeat(95)}`
const IDS = ['q1.a', 'task:2', LONG_ID, 'plain-id']
const SCENARIO = {
  name: 'ids',
  models: PROVIDER_NAMES.map((provider) => `${provider}/${MODEL}`),
  max_tokens: 100,
  tasks: IDS.map((id) => ({id, user_prompt: `Question ${id}?`})),
}
/** What each vendor gets for each id: its own id when it takes it, a safe one otherwise. */
const VENDOR_IDS: Record<ProviderName, string[]> = {
  openai: IDS,
  groq: IDS,
  mistral: IDS,
  gemini: IDS,
  anthropic: [safeId('q1.a', 64), safeId('task:2', 64), safeId(LONG_ID, 64), 'plain-id'],
  together: ['q1.a', 'task:2', safeId(LONG_ID, 64), 'plain-id'],
}

let bench: BenchEmulator
let cwd: string
let prepared: ScenarioPrepared

beforeAll(async () => {
  bench = await startBenchEmulator()
  // The first Anthropic batch fails one mapped request, for `bench retry` to pick up by the user's id.
  bench.emulator.faults.add({kind: 'line-error', provider: 'anthropic', customIds: [safeId('q1.a', 64)], times: 1})
  cwd = await scenarioDir(SCENARIO)
  const prepare = await bench.bench(cwd, ['prepare', '--scenario', 'scenario.json', '--json'])
  expect(prepare.code, prepare.stderr).toBe(0)
  prepared = JSON.parse(prepare.stdout) as ScenarioPrepared
  const run = await bench.bench(cwd, ['run', '--scenario', 'scenario.json', '--wait', '--poll-seconds', '1'])
  expect(run.code, run.stderr).toBe(0)
})
afterAll(async () => {
  await bench?.close()
})

function batchName(provider: ProviderName): string {
  return `ids_${provider}_${MODEL}`
}

describe('request ids every vendor accepts', () => {
  it.each(PROVIDER_NAMES)('%s: the ids it refuses are mapped at prepare time, and only those', async (provider) => {
    const manifest = await readBatchManifest(cwd, batchName(provider))
    const sent = (await readFile(join(cwd, manifest.ids_file!), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as string)
    expect(sent).toEqual(VENDOR_IDS[provider])
    const mapped = VENDOR_IDS[provider].filter((id, index) => id !== IDS[index])
    if (mapped.length === 0) {
      expect(manifest.id_map_file).toBeUndefined()
      return
    }
    const map = JSON.parse(await readFile(join(cwd, manifest.id_map_file!), 'utf8')) as {provider: string; ids: Record<string, string>}
    expect(map.provider).toBe(provider)
    expect(Object.keys(map.ids).sort()).toEqual([...mapped].sort())
    for (const [vendorId, original] of Object.entries(map.ids)) expect(VENDOR_IDS[provider][IDS.indexOf(original)]).toBe(vendorId)
  })

  it.each(PROVIDER_NAMES)('%s: the vendor ran every request under the id it was sent, once', async (provider) => {
    expect(await executedIds(bench.emulator, provider, cwd, batchName(provider))).toEqual([...VENDOR_IDS[provider]].sort())
  })

  it.each(PROVIDER_NAMES)("%s: the results carry the user's own ids, every one answered (but the one failed on purpose)", async (provider) => {
    const lines = await readResults(cwd, batchName(provider))
    expect(lines.map((line) => line.custom_id).sort()).toEqual([...IDS].sort())
    expect(lines.filter((line) => !line.ok).map((line) => line.custom_id)).toEqual(provider === 'anthropic' ? ['q1.a'] : [])
  })

  it('retries a failed request by its own id: the vendor gets its safe id again, and the merge gives it back', async () => {
    const name = batchName('anthropic')
    const retry = await bench.bench(cwd, ['retry', name, '--start'])
    expect(retry.code, retry.stderr).toBe(0)
    expect((await bench.bench(cwd, ['results', name])).code).toBe(0)
    expect(await executedIds(bench.emulator, 'anthropic', cwd, `${name}_retry_1`)).toEqual([safeId('q1.a', 64)])
    const lines = await readResults(cwd, name)
    expect(lines.map((line) => line.custom_id).sort()).toEqual([...IDS].sort())
    expect(lines.every((line) => line.ok)).toBe(true)
  })

  it('prepares every batch of the scenario, unknown models noted on the card', () => {
    expect(prepared.batches.map((batch) => batch.state)).toEqual(PROVIDER_NAMES.map(() => 'prepared'))
    for (const batch of prepared.batches) expect(batch.notes).toEqual([expect.stringMatching(/^model-1 is not in models\.json: its capabilities are not checked/)])
  })
})
