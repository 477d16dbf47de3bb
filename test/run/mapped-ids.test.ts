import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ScoreReport} from '../../src/core/score/score.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import {safeId} from '../../src/core/prepare/vendor-ids.js'
import {scratchDir} from '../support/cli.js'
import {executedIds, readBatchManifest, readResults, startBenchEmulator, type BenchEmulator} from '../support/emulator.js'

/**
 * Riddle ids Anthropic refuses, through the whole Layton job: an OpenAI model is judged by Gemini,
 * Anthropic and Mistral, so Anthropic's judge batch gets safe ids, and the verdicts come back
 * under the riddles' own ids, lined up with the other judges' in the score.
 */
const IDS = ['q1.a', 'task:2', `long-${'x'.repeat(95)}`, 'S-04']
const NAME = 'benchmark_openai_gpt-4-1_full_hints_0'
const ANTHROPIC_JUDGE = 'judge_openai_gpt-4-1_full_hints_0_by_anthropic_claude-opus-4-5'

let bench: BenchEmulator
let cwd: string
let score: ScoreReport

beforeAll(async () => {
  bench = await startBenchEmulator()
  cwd = await scratchDir()
  const riddles = (await readFile(SAMPLE_DATASET_PATH, 'utf8')).trim().split('\n').slice(0, IDS.length)
  await writeFile(join(cwd, 'riddles.jsonl'), riddles.map((line, index) => JSON.stringify({...JSON.parse(line), id: IDS[index]})).join('\n') + '\n')
  const run = await bench.bench(cwd, ['run', '--dataset', 'riddles.jsonl', '--split', 'full', '--provider', 'openai', '--model', 'gpt-4.1', '--poll-seconds', '1', '--json'])
  expect(run.code, run.stderr).toBe(0)
  score = (JSON.parse(run.stdout) as {score: ScoreReport}).score
})
afterAll(async () => {
  await bench?.close()
})

describe('ids a judge vendor refuses, through prediction, jury and score', () => {
  it("sends Anthropic's judge safe ids, and only that judge", async () => {
    expect(await executedIds(bench.emulator, 'anthropic', cwd, ANTHROPIC_JUDGE)).toEqual(IDS.map((id) => (id === 'S-04' ? id : safeId(id, 64))).sort())
    expect((await readBatchManifest(cwd, ANTHROPIC_JUDGE)).id_map_file).toBeDefined()
    expect((await readBatchManifest(cwd, NAME)).id_map_file).toBeUndefined()
  })

  it("writes predictions and every judge's verdicts under the riddles' own ids", async () => {
    expect((await readResults(cwd, NAME)).map((line) => line.custom_id).sort()).toEqual([...IDS].sort())
    for (const judge of ['gemini_gemini-3-pro-preview', 'anthropic_claude-opus-4-5', 'mistral_mistral-large-2512']) {
      const lines = await readResults(cwd, `judge_openai_gpt-4-1_full_hints_0_by_${judge}`)
      expect(lines.map((line) => line.custom_id).sort(), judge).toEqual([...IDS].sort())
    }
  })

  it('scores every riddle with all three verdicts', () => {
    expect(score.n).toBe(IDS.length)
    expect(score.judges.map((judge) => [judge.judge, judge.verdicts, judge.missing])).toEqual([
      ['gemini/gemini-3-pro-preview', 4, 0],
      ['anthropic/claude-opus-4-5', 4, 0],
      ['mistral/mistral-large-2512', 4, 0],
    ])
  })
})
