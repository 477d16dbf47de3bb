import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {FIXTURES, inScratchDirectory, prepared, reply, writeResults} from './support.js'
import {runBench} from '../support/cli.js'
import {matching} from '../support/matchers.js'
import {compareBenchmarks} from '../../src/core/benchmarks/compare-benchmarks.js'
import type {KeyLine} from '../../src/core/benchmarks/answer-key.js'
import {loadPriceTable} from '../../src/core/pricing/price-table.js'

const scratch = inScratchDirectory()

/** A batch of `benchmark` for `model`, answered right on the questions `right` picks. */
async function answered(benchmark: string, dataset: string, provider: 'openai' | 'mistral', model: string, right: (index: number) => boolean): Promise<void> {
  const {name, keys} = await prepared({benchmark, datasetPath: join(FIXTURES, dataset), provider, model, name: `${benchmark}_${provider}_${model}`})
  const answer = (key: KeyLine, index: number) => {
    if (benchmark === 'gsm8k') return {reasoning: '', answer: right(index) ? (key.key as {answer: string}).answer : 'many'}
    const letter = (key.key as {answer: string}).answer
    return {answer: right(index) ? letter : letter === 'A' ? 'B' : 'A'}
  }
  await writeResults(name, keys.map((key, index) => ({...reply(key.id, answer(key, index)), usage: {input: 100, output: 10, reasoning: 0, cached: 0}})))
}

describe('bench compare on benchmark batches', () => {
  it('ranks per benchmark, pairs the models on shared questions, tabulates subjects, and weighs only complete models', async () => {
    await answered('mmlu', 'mmlu/data', 'openai', 'gpt-4.1', () => true)
    await answered('mmlu', 'mmlu/data', 'mistral', 'mistral-large-2512', (index) => index % 3 !== 0)
    await answered('gsm8k', 'gsm8k/test_sample.jsonl', 'openai', 'gpt-4.1', (index) => index < 30)
    await writeFile('weights.json', JSON.stringify({mmlu: 3, gsm8k: 1}))

    const comparison = (await compareBenchmarks({paths: ['results'], prices: loadPriceTable(), weightsFile: 'weights.json', resamples: 1000, seed: 0}))!
    expect(comparison.benchmarks.map((board) => board.benchmark)).toEqual(['gsm8k', 'mmlu'])
    const mmlu = comparison.benchmarks[1]!
    expect(mmlu.leaderboard.map((row) => [row.rank, row.label, row.score, row.n])).toEqual([
      [1, 'openai/gpt-4.1', 100, 30],
      [2, 'mistral/mistral-large-2512', 66.7, 30],
    ])
    expect(mmlu.leaderboard[0]!.cost_usd).toBeGreaterThan(0)
    expect(mmlu.pairs).toHaveLength(1)
    expect(mmlu.pairs[0]).toMatchObject({first: 'openai/gpt-4.1', second: 'mistral/mistral-large-2512', compared: true, n: 30, significant: true, mcnemar: {first_only: 10, second_only: 0}})
    expect(mmlu.pairs[0]).toMatchObject({difference: matching.closeTo(100 / 3, 5)})
    expect(mmlu.groups.names).toEqual(['abstract_algebra', 'anatomy', 'astronomy'])
    expect(mmlu.groups.rows[1]).toEqual({label: 'mistral/mistral-large-2512', scores: [60, 70, 70]})
    // 3 x 100 + 1 x 75 over 4; the Mistral model has no GSM8K run, so no overall score.
    expect(comparison.weighted).toEqual({
      weights: {mmlu: 3, gsm8k: 1},
      rows: [
        {label: 'openai/gpt-4.1', score: 93.8, missing: []},
        {label: 'mistral/mistral-large-2512', score: null, missing: ['gsm8k']},
      ],
    })

    const result = await runBench(['compare', 'results', '--weights', 'weights.json', '--resamples', '200'], {cwd: scratch.path})
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/MMLU: accuracy \(higher is better\)\nrank +model +accuracy/)
    expect(result.stdout).toMatch(/Weighted overall score\nmodel +overall +missing\nopenai\/gpt-4\.1 +93\.8\s*\nmistral\/mistral-large-2512 +.* gsm8k/)
    const html = await runBench(['compare', 'results', '--format', 'html', '--out', 'report.html', '--resamples', '200'], {cwd: scratch.path})
    expect(html.code, html.stderr).toBe(0)
    const page = await readFile(join(scratch.path, 'report.html'), 'utf8')
    expect(page).toContain('<section id="benchmarks"><h2>Standard benchmarks</h2>')
    expect(page).not.toContain('<script')
  })

  it('refuses a weights file that names no benchmark, in one line', async () => {
    await answered('gsm8k', 'gsm8k/test_sample.jsonl', 'openai', 'gpt-4.1', () => true)
    await writeFile('weights.json', JSON.stringify({mmlu: 1, trivia: 2}))
    await expect(compareBenchmarks({paths: ['results'], prices: loadPriceTable(), weightsFile: 'weights.json', resamples: 100, seed: 0})).rejects.toThrow(
      /^weights file weights\.json: "trivia" is not a benchmark; the benchmarks are mmlu, gsm8k/,
    )
  })

  it('refuses a weights file that is missing, not JSON, empty, or gives a weight that is not a positive number; --weights without benchmark results', async () => {
    const compare = (paths: string[]) => compareBenchmarks({paths, prices: loadPriceTable(), weightsFile: 'weights.json', resamples: 100, seed: 0})
    await expect(compare(['results'])).rejects.toThrow('--weights weighs benchmark scores, and no benchmark results are among the paths: pass results/ or results/<benchmark batch>.jsonl files')
    await answered('gsm8k', 'gsm8k/test_sample.jsonl', 'openai', 'gpt-4.1', () => true)
    await expect(compare(['results'])).rejects.toThrow('cannot read weights file weights.json (ENOENT): give a JSON object like {"mmlu": 2, "gsm8k": 1}')
    await writeFile('weights.json', '{"mmlu": ')
    await expect(compare(['results'])).rejects.toThrow(/^cannot read weights file weights\.json \(.*JSON.*\): give a JSON object/)
    for (const empty of ['{}', '[1]', 'null']) {
      await writeFile('weights.json', empty)
      await expect(compare(['results'])).rejects.toThrow('weights file weights.json must be a JSON object of benchmark names to weights, like {"mmlu": 2, "gsm8k": 1}')
    }
    for (const [weight, shown] of [[0, '0'], ['2', '"2"'], [null, 'null']] as const) {
      await writeFile('weights.json', JSON.stringify({gsm8k: weight}))
      await expect(compare(['results'])).rejects.toThrow(`weights file weights.json: the weight of "gsm8k" must be a positive number, not ${shown}`)
    }
  })

  it('labels two runs of one model on one benchmark by their batch names, ranked by score; the cost of an unpriced model is unknown, not 0', async () => {
    const {keys} = await prepared({benchmark: 'gsm8k', datasetPath: join(FIXTURES, 'gsm8k/test_sample.jsonl'), name: 'first', limit: 2})
    await prepared({benchmark: 'gsm8k', datasetPath: join(FIXTURES, 'gsm8k/test_sample.jsonl'), name: 'second', limit: 2})
    const right = (key: KeyLine) => reply(key.id, {reasoning: '', answer: (key.key as {answer: string}).answer})
    await writeResults('first', keys.map(right))
    await writeResults('second', [right(keys[0]!), reply(keys[1]!.id, {reasoning: '', answer: 'many'})])
    const comparison = (await compareBenchmarks({paths: ['results/first.jsonl', 'results/second.jsonl'], prices: loadPriceTable(), resamples: 100, seed: 0}))!
    expect(comparison.benchmarks[0]!.leaderboard.map((row) => [row.label, row.score, row.cost_usd])).toEqual([
      ['openai/model-1 (first)', 100, 'unknown'],
      ['openai/model-1 (second)', 50, 'unknown'],
    ])
  })
})
