import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {writeBatchlingFixture, writeDataset, riddleId} from './fixtures.js'
import type {BatchManifest} from '../../src/core/batch/manifest.js'
import {compareModels} from '../../src/core/compare/compare.js'
import {readPredictionSummary} from '../../src/core/compare/prediction-summary.js'
import type {ProviderName} from '../../src/providers/names.js'
import {renderCsvReport} from '../../src/report/csv-report.js'
import {renderMarkdownReport} from '../../src/report/markdown-report.js'
import {reportTables} from '../../src/report/report-tables.js'
import {renderTextReport} from '../../src/report/text-report.js'

const JUDGES = [
  {provider: 'anthropic', model: 'claude-opus-4-5'},
  {provider: 'gemini', model: 'gemini-3-pro-preview'},
  {provider: 'openai', model: 'gpt-5-1'},
]

let directory: string
let batchling: string
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'bench_compare_test_'))
  // Written here, not in a test: every test that reads it must pass run alone (issue 15 §2).
  batchling = join(directory, 'batchling')
  await writeBatchlingFixture(batchling, {
    riddles: 150,
    models: [
      {provider: 'openai', model: 'gpt-5.1', skill: 0.9},
      {provider: 'mistral', model: 'mistral-large-2512', skill: 0.4},
    ],
    judges: JUDGES,
  })
})
afterAll(async () => {
  await rm(directory, {recursive: true, force: true})
})

describe('bench compare on batchling files', () => {
  it('groups judge files by evaluated batch, ranks the models, and flags a judge of the same vendor', async () => {
    const {report} = await compareModels({paths: [batchling], field: 'both_correct', resamples: 1000, seed: 0})
    expect(report.method).toBe('jury mean')
    expect(report.not_judged).toEqual([])
    expect(report.leaderboard.map((row) => [row.rank, row.label, row.n, row.requests, row.failed])).toEqual([
      [1, 'openai/gpt-5-1', 150, 150, 0],
      [2, 'mistral/mistral-large-2512', 150, 150, 0],
    ])
    expect(report.pairs).toHaveLength(1)
    expect(report.pairs[0]).toMatchObject({first: 'openai/gpt-5-1', second: 'mistral/mistral-large-2512', compared: true, significant: true})
    const sameVendor = report.judges.by_model.filter((entry) => entry.same_vendor)
    expect(sameVendor.map((entry) => [entry.model, entry.judge])).toEqual([['openai/gpt-5-1', 'openai/gpt-5-1']])
    expect(report.judges.agreement).toHaveLength(3)
    expect(report.categories.rows).toEqual([])
  })

  it('breaks scores down per category from --dataset and per hints level, each hints level a leaderboard of its own', async () => {
    const folder = join(directory, 'hints')
    await writeBatchlingFixture(folder, {
      riddles: 90,
      models: [
        {provider: 'openai', model: 'gpt-5.1', hints: 0, skill: 0.5},
        {provider: 'openai', model: 'gpt-5.1', hints: 2, skill: 0.9},
      ],
      judges: JUDGES.slice(0, 2),
      judgeAccuracy: 1,
    })
    const dataset = await writeDataset(join(directory, 'dataset.jsonl'), 90)
    const {report} = await compareModels({paths: [folder], field: 'both_correct', dataset, resamples: 500, seed: 0})
    expect(report.leaderboard.map((row) => [row.board, row.rank, row.label])).toEqual([
      ['llm · hints 0', 1, 'openai/gpt-5-1 hints 0'],
      ['llm · hints 2', 1, 'openai/gpt-5-1 hints 2'],
    ])
    // Other hints levels ask another question: never ranked or tested against each other.
    expect(report.pairs).toEqual([])
    expect(report.hints).toHaveLength(1)
    expect(report.hints[0]!.levels.map((level) => level.hints)).toEqual([0, 2])
    expect(report.hints[0]!.levels[1]!.score).toBeGreaterThan(report.hints[0]!.levels[0]!.score)
    const categories = new Set(report.categories.rows.map((row) => row.category))
    expect([...categories].sort()).toEqual(['Matchstick', 'Multiple Choice', 'Write Answer'])
    expect(report.categories.rows.every((row) => row.n === 30)).toBe(true)
  })

  it('carries the same numbers in CSV as in JSON, and escapes model names in Markdown', async () => {
    const {report} = await compareModels({paths: [batchling], field: 'both_correct', resamples: 1000, seed: 0})
    const csv = renderCsvReport(report)
    const leaderboard = csv.split('\n\n')[0]!.split('\n')
    expect(leaderboard[0]).toBe('section,rank,rank spread,model,score,95% CI (±),n,failed,not judged,tokens in,tokens out,cost,wall time')
    expect(leaderboard[1]).toBe(`leaderboard,1,1 <--> 1,openai/gpt-5-1,${report.leaderboard[0]!.score},${report.leaderboard[0]!['95% CI (±)']},150,0,,unknown,unknown,unknown,unknown`)
    const pairsBlock = csv.split('\n\n').find((block) => block.startsWith('section,first'))!
    const pair = report.pairs[0]!
    expect(pair.compared && pairsBlock.split('\n')[1]).toContain(String(pair.compared && pair.difference))
    const markdown = renderMarkdownReport({...report, leaderboard: report.leaderboard.map((row) => ({...row, label: 'a|b <i>'}))})
    expect(markdown).toContain('a\\|b &lt;i>')
  })

  it('refuses paths with no judge file in one line', async () => {
    await mkdir(join(directory, 'empty'), {recursive: true})
    await expect(compareModels({paths: [join(directory, 'empty')], field: 'both_correct', resamples: 100, seed: 0})).rejects.toThrow(/^no judge files among .*empty: pass judge_\*\.jsonl files/)
  })
})

describe("bench compare on bench's own batches", () => {
  it('reads tokens, cost and wall time from the batch record and its usage lines, and "unknown" for an unpriced model', async () => {
    const root = join(directory, 'project')
    await mkdir(join(root, 'processed_files'), {recursive: true})
    await mkdir(join(root, 'results'), {recursive: true})
    const riddles = Array.from({length: 40}, (_, index) => riddleId(index))
    for (const [name, model] of [['benchmark_openai_gpt-5-1_llm_hints_0', 'gpt-5.1'], ['benchmark_openai_mystery_llm_hints_0', 'mystery-model']] as const) {
      await writeManifest(root, {
        name,
        kind: 'prediction',
        model,
        history: [
          {at: '2026-01-01T10:00:00.000Z', event: 'prepared'},
          {at: '2026-01-01T10:01:00.000Z', event: 'submitting'},
          {at: '2026-01-01T11:31:00.000Z', event: 'results written'},
        ],
      })
      const lines = riddles.map((custom_id, index) =>
        index === 0
          ? {custom_id, ok: false, error: {code: 'expired', message: 'expired'}, model, provider: 'openai'}
          : {custom_id, ok: true, text: JSON.stringify({justification: 'j', answer: 'a'}), usage: {input: 1000, output: 500, reasoning: 100, cached: 200}, model, provider: 'openai'},
      )
      await writeFile(join(root, 'results', `${name}.jsonl`), lines.map((line) => JSON.stringify(line)).join('\n') + '\n')
      for (const judge of JUDGES) {
        const judgeName = `${name.replace('benchmark_', 'judge_')}_by_${judge.provider}_${judge.model}`
        await writeManifest(root, {name: judgeName, kind: 'judge', provider: judge.provider as ProviderName, model: judge.model, judge_of: {batch: name, results_file: `results/${name}.jsonl`, provider: 'openai', model}, history: []})
        const verdicts = riddles.map((custom_id, index) => ({custom_id, ok: true, parsed: {is_answer_correct: index % 2 === 0, is_justification_correct: true}, model: judge.model, provider: judge.provider}))
        await writeFile(join(root, 'results', `${judgeName}.jsonl`), verdicts.map((line) => JSON.stringify(line)).join('\n') + '\n')
      }
    }
    const {report} = await compareModels({paths: [join(root, 'results')], field: 'both_correct', resamples: 500, seed: 0})
    const priced = report.leaderboard.find((row) => row.model === 'gpt-5.1')!
    expect(priced.tokens).toEqual({input: 39_000, output: 19_500, reasoning: 3900, cached: 7800})
    expect(priced.failed).toBe(1)
    expect(priced.wall_seconds).toBe(5400)
    // gpt-5.1: (31,200 x 1.25 + 7,800 x 0.125 + 19,500 x 10) / 1e6, half price in a batch.
    expect(priced.cost_usd).toBeCloseTo((31_200 * 1.25 + 7800 * 0.125 + 19_500 * 10) / 1e6 / 2, 12)
    const unpriced = report.leaderboard.find((row) => row.model === 'mystery-model')!
    expect(unpriced.cost_usd).toBe('unknown')
    expect(unpriced.tokens).not.toBe('unknown')
    // Beside the score: what a correct answer cost (cost over score x n) and the wall time per 1,000 requests.
    expect(priced.cost_per_correct_usd).toBeCloseTo((priced.cost_usd as number) / ((priced.score / 100) * priced.n), 12)
    expect(priced.seconds_per_1000_requests).toBe((1000 * 5400) / 40)
    expect(unpriced.cost_per_correct_usd).toBe('unknown')
    expect(priced.latency_ms).toBeUndefined()
    const table = reportTables(report).find((entry) => entry.id === 'speed and cost')!
    expect(table.rows.map((row) => [row[0], row[3], row[5]])).toEqual([
      [priced.label, 1, 1],
      [unpriced.label, null, 1],
    ])
  })

  it('reads each request\'s latency from an endpoint run\'s answers file: median and 95th percentile', async () => {
    const file = join(directory, 'endpoint-answers.jsonl')
    const lines = Array.from({length: 100}, (_, index) => ({custom_id: `r${index}`, ok: true, text: '{}', latency_ms: index + 1, model: 'm', provider: 'openai-compatible'}))
    await writeFile(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n')
    const summary = await readPredictionSummary(file, false)
    expect(summary!.latency_ms).toEqual({median: 50.5, p95: 95.05})
  })
})

async function writeManifest(root: string, fields: Partial<BatchManifest> & {name: string}): Promise<void> {
  const manifest = {
    version: 1,
    provider: 'openai',
    dataset: {source: 'file', path: join(root, 'missing.jsonl'), split: 'llm'},
    hints: 0,
    settings: {},
    requests: 40,
    bytes: 0,
    shards: [],
    created_at: '2026-01-01T10:00:00.000Z',
    state: 'submitted',
    ...fields,
  }
  await writeFile(join(root, 'processed_files', `${fields.name}.manifest.json`), JSON.stringify(manifest))
}

describe('bench compare says what it compared (issue 14 §5)', () => {
  /** Judge files of one batch where `positives(riddle)` of the three judges say "correct". */
  async function writeJury(folder: string, batch: string, riddles: string[], positives: (riddle: number) => number): Promise<void> {
    await mkdir(folder, {recursive: true})
    for (const [index, judge] of JUDGES.entries()) {
      const lines = riddles.map((id, riddle) =>
        JSON.stringify({id: null, custom_id: id, answer: JSON.stringify({is_answer_correct: index < positives(riddle), is_justification_correct: true}), model: judge.model, original: {}}),
      )
      await writeFile(join(folder, `judge_${batch}_by_${judge.provider}_${judge.model}.jsonl`), lines.join('\n') + '\n')
    }
  }
  const ids = (prefix: string, count: number): string[] => Array.from({length: count}, (_, index) => `${prefix}-${index}`)

  it('shows a pair with no riddle in common as "not compared", never as "no significant difference"', async () => {
    const folder = join(directory, 'disjoint')
    await writeJury(folder, 'openai_a_llm_hints_0', ids('R', 40), (riddle) => (riddle < 30 ? 3 : 0))
    await writeJury(folder, 'mistral_b_llm_hints_0', ids('X', 40), (riddle) => (riddle < 10 ? 3 : 0))
    const {report} = await compareModels({paths: [folder], field: 'both_correct', resamples: 500, seed: 0})
    expect(report.pairs).toEqual([{board: 'llm · hints 0', first: 'openai/a', second: 'mistral/b', compared: false, n: 0}])
    const text = renderTextReport(report)
    expect(text).toContain('not compared: no riddles in common')
    expect(text).toMatch(/1\. openai\/a +\? *\n2\. mistral\/b +\?/)
  })

  it('ranks runs of different splits on leaderboards of their own', async () => {
    const folder = join(directory, 'splits')
    await writeJury(folder, 'openai_a_llm_hints_0', ids('R', 40), (riddle) => (riddle < 30 ? 3 : 0))
    await writeJury(folder, 'mistral_b_vlm_hints_0', ids('R', 40), (riddle) => (riddle < 10 ? 3 : 0))
    const {report} = await compareModels({paths: [folder], field: 'both_correct', resamples: 500, seed: 0})
    expect(report.leaderboard.map((row) => [row.board, row.rank, row.label])).toEqual([
      ['llm · hints 0', 1, 'openai/a llm'],
      ['vlm · hints 0', 1, 'mistral/b vlm'],
    ])
    expect(report.pairs).toEqual([])
    expect(renderTextReport(report)).toMatch(/^Leaderboard: llm · hints 0\n[\s\S]*\n\nLeaderboard: vlm · hints 0\n/)
  })

  it('lists a prediction file without judge files as "not judged"', async () => {
    const folder = join(directory, 'lonely')
    await writeJury(folder, 'openai_a_llm_hints_0', ids('R', 40), (riddle) => (riddle < 30 ? 3 : 0))
    const lonely = join(folder, 'benchmark_mistral_b_llm_hints_0.jsonl')
    await writeFile(lonely, JSON.stringify({id: null, custom_id: 'R-0', answer: '{"justification": "j", "answer": "a"}', model: 'b', original: {}}) + '\n')
    const {report} = await compareModels({paths: [folder], field: 'both_correct', resamples: 500, seed: 0})
    expect(report.leaderboard).toHaveLength(1)
    // Outside the working directory, so named by its name alone: reports carry no local absolute path (issue 19).
    expect(report.not_judged).toEqual([{batch: 'benchmark_mistral_b_llm_hints_0', file: basename(lonely)}])
    expect(renderTextReport(report)).toMatch(/Not judged \(answers without judge files: run bench jury on them\)\nbatch +file\nbenchmark_mistral_b_llm_hints_0 +benchmark_mistral_b_llm_hints_0\.jsonl/)
  })

  it('says which outcome each test measures when the paired bootstrap and McNemar disagree', async () => {
    // A's judges split 3-0 where B's split 2-1, and 1-2 where B's say 0-3: A is a third of a
    // point better on every riddle, yet both solve (or miss) the same riddles.
    const folder = join(directory, 'disagree')
    await writeJury(folder, 'openai_a_llm_hints_0', ids('R', 60), (riddle) => (riddle < 30 ? 3 : 1))
    await writeJury(folder, 'mistral_b_llm_hints_0', ids('R', 60), (riddle) => (riddle < 30 ? 2 : 0))
    const {report} = await compareModels({paths: [folder], field: 'both_correct', resamples: 500, seed: 0})
    const pair = report.pairs[0]!
    expect(pair).toMatchObject({compared: true, significant: true, tests_disagree: true, mcnemar: {first_only: 0, second_only: 0, p_value: 1, significant: false}})
    expect(renderTextReport(report)).toContain('mean jury value: yes (bootstrap); solved or not: no (McNemar)')
  })
})
