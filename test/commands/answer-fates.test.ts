import {describe, expect, it} from 'vitest'

import {PROVIDER_NAMES} from '../../src/providers/names.js'
import {PreparedTemplates, readResults, sampleIds, useBenchEmulator} from '../support/emulator.js'

/**
 * `bench start` and `bench results` against an emulator that deals out every fate each vendor
 * can write: refusals, blocks, recitation stops, cut answers, failed and broken result lines.
 * Whatever shape the lines take (a null content, no candidates at all, a bare-string error, half
 * a line), every request comes back exactly once. How each fate is read and counted is the
 * clients' business (test/clients); the raw shapes are in test/emulator/fates.test.ts.
 */
const LIMIT = 8
const FAULTS = 'refusal:0.2,safety:0.2,recitation:0.2,truncated:0.2,line-error:0.1,malformed:0.1'

const bench = useBenchEmulator({faults: FAULTS, seed: 4})
const templates = new PreparedTemplates(bench)

describe(`results under --faults ${FAULTS}`, () => {
  it.each(PROVIDER_NAMES)('%s: every request exactly once', async (provider) => {
    const cwd = await templates.started({provider, name: 'fated', limit: LIMIT})
    const result = await bench.bench(cwd, ['results', 'fated'])
    expect(result.code, result.stderr).toBe(0)
    const lines = await readResults(cwd, 'fated')
    expect(lines.map((line) => line.custom_id).sort()).toEqual(await sampleIds(LIMIT))
  })
})
