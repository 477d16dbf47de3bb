import {describe, expect, it} from 'vitest'

import {scratchDir} from '../support/cli.js'
import {readResults, sampleIds, startBenchEmulator} from '../support/emulator.js'
import {SHOWN_FATES} from '../emulator/shown-fates.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import type {ProviderName} from '../../src/providers/names.js'

/**
 * Issue 13's "done": `bench run` against `bench emulator --faults refusal:0.2,safety:0.1,truncated:0.1`
 * on each vendor. Every request is in the results exactly once, the run card counts each fate, the
 * score counts the refused, blocked and cut answers as incorrect, and `bench retry` picks only the
 * cut ones. Seed 3 gives each vendor's 12 predictions at least one of every fate its result lines
 * can show (the judges meet the same faults, as they would at the vendors).
 */
const SPEC = 'refusal:0.2,safety:0.1,truncated:0.1'
const SEED = 3
const RIDDLES = 12
const WITHHELD = ['refusal', 'safety', 'truncated'] as const

const MODELS: Record<ProviderName, string> = {
  openai: 'gpt-4.1',
  anthropic: 'claude-sonnet-4-5',
  gemini: 'gemini-2.5-flash',
  mistral: 'mistral-large-2512',
  together: 'openai/gpt-oss-120b',
  groq: 'openai/gpt-oss-120b',
}

interface RunJson {
  state: string
  record: {score: {n: number; score: number; withheld: Record<string, number>; judges: {verdicts: number}[]}}
}

describe('bench run against an emulator that refuses, blocks and cuts answers', () => {
  it.each(Object.keys(MODELS) as ProviderName[])('%s: every request once, each fate counted, scored incorrect, retry picks the cut ones', async (provider) => {
    const bench = await startBenchEmulator({seed: SEED, faults: SPEC})
    try {
      const cwd = await scratchDir()
      const args = ['run', '--dataset', SAMPLE_DATASET_PATH, '--split', 'full', '--limit', String(RIDDLES), '--provider', provider, '--model', MODELS[provider], '--max-tokens', '2000', '--poll-seconds', '1', '--name', 'fated']
      const run = await bench.bench(cwd, args)
      expect(run.code, run.stderr).toBe(0)

      const lines = await readResults(cwd, 'fated')
      expect(lines.map((line) => line.custom_id).sort()).toEqual((await sampleIds(RIDDLES)).sort())
      const counts = new Map<string, number>()
      for (const line of lines) if (!line.ok) counts.set(line.error!.code, (counts.get(line.error!.code) ?? 0) + 1)
      const shown = WITHHELD.filter((kind) => (SHOWN_FATES[provider] as readonly string[]).includes(kind))
      for (const kind of shown) expect(counts.get(kind), kind).toBeGreaterThan(0)
      expect([...counts.keys()].filter((code) => !(shown as readonly string[]).includes(code))).toEqual([])

      const failed = [...counts.values()].reduce((sum, count) => sum + count, 0)
      const described = [...counts].sort(([codeA, a], [codeB, b]) => b - a || codeA.localeCompare(codeB)).map(([code, count]) => `${count} ${code}`)
      expect(run.stdout).toMatch(new RegExp(`\\n  predictions +${RIDDLES - failed}/${RIDDLES} succeeded · ${described.join(', ')} · results/fated\\.jsonl\\n`))

      const resumed = await bench.bench(cwd, ['run', '--resume', 'fated', '--json'])
      expect(resumed.code, resumed.stderr).toBe(0)
      const {state, record} = JSON.parse(resumed.stdout) as RunJson
      expect(state).toBe('done')
      expect(record.score.n).toBe(RIDDLES)
      expect(record.score.withheld).toEqual({refusal: counts.get('refusal') ?? 0, safety: counts.get('safety') ?? 0, recitation: 0, truncated: counts.get('truncated') ?? 0})
      // A withheld answer scores 0: the jury mean cannot exceed the share of answers judged.
      expect(record.score.score).toBeLessThanOrEqual((100 * (RIDDLES - failed)) / RIDDLES)
      for (const judge of record.score.judges) expect(judge.verdicts).toBeLessThanOrEqual(RIDDLES - failed)

      const retry = await bench.bench(cwd, ['retry', 'fated', '--json'])
      expect(retry.code, retry.stderr).toBe(0)
      expect((JSON.parse(retry.stdout) as {picked: Record<string, number>}).picked).toEqual({truncated: counts.get('truncated')})
    } finally {
      await bench.close()
    }
  }, 120_000)
})
