import {afterEach, describe, expect, it} from 'vitest'

import type {AnswerFateKind} from '../../src/emulator/shared/faults.js'
import {PROVIDER_NAMES} from '../../src/providers/names.js'
import {SHOWN_FATES} from '../emulator/shown-fates.js'
import {PreparedTemplates, readResults, sampleIds, useBenchEmulator} from '../support/emulator.js'

/**
 * Issue 13's end to end, on each vendor: the emulator gives the sample's four requests a refusal,
 * a safety block, a recitation stop and a cut answer, each where the vendor's result lines can
 * show it (elsewhere the request is answered whole). `bench results` keeps every request exactly
 * once and counts each fate; `bench retry` picks the cut answer only. The raw line of each fate is
 * tested in test/emulator/fates.test.ts, its reading in test/clients.
 */
const LIMIT = 4

/** The fate the emulator gives each of the four requests, in order. */
const PLANNED: readonly AnswerFateKind[] = ['refusal', 'safety', 'recitation', 'truncated']

const bench = useBenchEmulator({seed: 4})
const templates = new PreparedTemplates(bench)
afterEach(() => bench.emulator.faults.clear())

describe('a refusal, a block, a recitation and a cut answer', () => {
  it.each(PROVIDER_NAMES)('%s: results count each fate, every request once; retry picks the cut answer only', async (provider) => {
    const ids = await sampleIds(LIMIT)
    const expected = new Map(ids.map((id, index) => [id, (SHOWN_FATES[provider] as readonly AnswerFateKind[]).includes(PLANNED[index]!) ? PLANNED[index]! : undefined]))
    for (const [id, kind] of expected) if (kind !== undefined) bench.emulator.faults.add({kind, provider, customIds: [id]})
    const cwd = await templates.started({provider, name: 'fated', limit: LIMIT})

    const result = await bench.bench(cwd, ['results', 'fated'])
    expect(result.code, result.stderr).toBe(0)
    const fated = [...expected.values()].filter((kind) => kind !== undefined).sort()
    expect(result.stdout).toMatch(new RegExp(`succeeded\\s+${LIMIT - fated.length} / ${LIMIT}\\n\\s+failed\\s+${fated.length} \\(${fated.map((kind) => `1 ${kind}`).join(', ')}\\)`))
    const lines = await readResults(cwd, 'fated')
    expect(lines.map((line) => line.custom_id).sort()).toEqual([...ids].sort())
    for (const line of lines) expect(line.ok ? undefined : line.error?.code, line.custom_id).toBe(expected.get(line.custom_id))

    const retry = await bench.bench(cwd, ['retry', 'fated', '--json'])
    expect(retry.code, retry.stderr).toBe(0)
    expect((JSON.parse(retry.stdout) as {picked: Record<string, number>}).picked).toEqual({truncated: 1})
  })
})
