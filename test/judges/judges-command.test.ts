import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import type {CandidatesReport} from '../../src/core/judges/candidate-report.js'
import {parseRepeatId} from '../../src/core/jury/repeats.js'
import type {ResultLine} from '../../src/core/results/result.js'
import {scratchDir} from '../support/cli.js'
import {startBenchEmulator, type BenchEmulator} from '../support/emulator.js'
import {LAYTON} from '../support/fixtures.js'

/** Four candidates from three vendors. */
const CANDIDATES = {candidates: ['openai/model-1', 'openai/model-2', {model: 'anthropic/model-1', max_tokens: 50}, 'gemini/model-1']}
/** Prices for the emulator's model names, so the cost column is filled. */
const PRICES = {
  providers: {
    openai: {batch_discount: 0.5, models: {'model-1': {input: 1, cached_input: 0.1, output: 4}, 'model-2': {input: 0.2, cached_input: 0.02, output: 0.8}}},
    anthropic: {batch_discount: 0.5, models: {'model-1': {input: 3, cached_input: 0.3, output: 15}}},
    gemini: {batch_discount: 0.5, models: {'model-1': {input: 0.5, cached_input: 0.05, output: 2}}},
  },
}

interface PoolRow {
  riddle_id: string
  provider: string
  model: string
  human_both_correct: boolean | null
}

let bench: BenchEmulator
let cwd: string

beforeAll(async () => {
  // A third of a judge's repeats are answered afresh: it disagrees with itself now and then.
  bench = await startBenchEmulator({batchSeconds: 1, repeatDisagreement: 0.3})
  cwd = await scratchDir('bench-judges-')
  await writeFile(join(cwd, 'candidates.json'), JSON.stringify(CANDIDATES))
  await writeFile(join(cwd, 'prices.json'), JSON.stringify(PRICES))
})
afterAll(async () => {
  await bench?.close()
})

async function judges(args: string[], extra: Record<string, string> = {}): Promise<CandidatesReport> {
  const result = await bench.bench(cwd, ['judges', '--candidates', 'candidates.json', '--prices', 'prices.json', '--poll-seconds', '1', ...args, '--json'], extra)
  expect(result.code, result.stderr + result.stdout).toBe(0)
  return JSON.parse(result.stdout) as CandidatesReport
}

async function resultLines(name: string): Promise<ResultLine[]> {
  return (await readFile(join(cwd, 'results', `${name}.jsonl`), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as ResultLine)
}

/** Hand formulas, on the same verdicts: the figures a reader would compute from the results files. */
function byHand(pairs: {verdict: boolean; label: boolean}[]) {
  const tp = pairs.filter((pair) => pair.verdict && pair.label).length
  const fp = pairs.filter((pair) => pair.verdict && !pair.label).length
  const fn = pairs.filter((pair) => !pair.verdict && pair.label).length
  const tn = pairs.filter((pair) => !pair.verdict && !pair.label).length
  const n = pairs.length
  const observed = (tp + tn) / n
  const chance = ((tp + fp) / n) * ((tp + fn) / n) + ((fn + tn) / n) * ((fp + tn) / n)
  return {n, accuracy: observed, precision: tp / (tp + fp), recall: tp / (tp + fn), f1: (2 * tp) / (2 * tp + fp + fn), kappa: (observed - chance) / (1 - chance)}
}

describe('bench judges: four candidates from three vendors, 3 repeats, over the Layton pool\'s labelled answers', () => {
  let report: CandidatesReport
  let labelled: PoolRow[]

  beforeAll(async () => {
    // The pool holds no riddle text: a dataset of the sample's first riddle under each pool id stands in for the Hub's.
    const pool = (await readFile(join(LAYTON, 'ppi_llm.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as PoolRow)
    labelled = pool.filter((row) => row.human_both_correct !== null)
    const sample = JSON.parse((await readFile(SAMPLE_DATASET_PATH, 'utf8')).split('\n')[0]!) as Record<string, unknown>
    const ids = [...new Set(pool.map((row) => row.riddle_id))]
    await writeFile(join(cwd, 'riddles.jsonl'), ids.map((id) => JSON.stringify({...sample, id, split: 'llm'})).join('\n') + '\n')
    report = await judges(['--labels', join(LAYTON, 'ppi_llm.jsonl'), '--predictions', join(LAYTON, 'llm'), '--dataset', 'riddles.jsonl', '--repeats', '3', '--name', 'pool'])
  }, 240_000)

  it('reads every labelled row of the pool, with its answer from the predictions folder', () => {
    expect(report.labels).toMatchObject({kind: 'layton pool', answers: labelled.length, positives: labelled.filter((row) => row.human_both_correct).length})
    expect(report.candidates.map((row) => row.candidate)).toEqual(['openai/model-1', 'openai/model-2', 'anthropic/model-1', 'gemini/model-1'])
  })

  it('gives accuracy, precision, recall, F1 and kappa equal to an independent computation on the same verdicts', async () => {
    const labels = new Map(labelled.map((row) => [`${row.model.replace(/[^A-Za-z0-9-]/g, '-')}_${row.riddle_id}`, row.human_both_correct!]))
    for (const row of report.candidates) {
      const [batch] = row.batches
      const repeats = new Map<string, boolean[]>()
      for (const line of await resultLines(batch!)) {
        const {id, repeat} = parseRepeatId(line.custom_id)
        const verdicts = repeats.get(id) ?? []
        verdicts[repeat - 1] = (JSON.parse(line.text!) as {correct: boolean}).correct
        repeats.set(id, verdicts)
      }
      expect(repeats.size).toBe(labels.size)
      // Three repeats of a yes-or-no verdict: the majority is the value given at least twice.
      const pairs = [...repeats].map(([id, verdicts]) => ({verdict: verdicts.filter(Boolean).length >= 2, label: labels.get(id)!}))
      const expected = byHand(pairs)
      expect(row.metrics.n).toBe(expected.n)
      expect(row.metrics.accuracy.value).toBeCloseTo(expected.accuracy, 12)
      expect(row.metrics.precision.value).toBeCloseTo(expected.precision, 12)
      expect(row.metrics.recall.value).toBeCloseTo(expected.recall, 12)
      expect(row.metrics.f1.value).toBeCloseTo(expected.f1, 12)
      expect(row.metrics.cohen_kappa.value).toBeCloseTo(expected.kappa, 12)
      for (const estimate of [row.metrics.accuracy, row.metrics.precision, row.metrics.recall, row.metrics.f1, row.metrics.cohen_kappa]) {
        expect(estimate.low!).toBeLessThanOrEqual(estimate.value!)
        expect(estimate.high!).toBeGreaterThanOrEqual(estimate.value!)
      }
    }
  })

  it('fills repeats, error rates, turnaround and cost; the seeded disagreement shows as consistency below 1', () => {
    for (const row of report.candidates) {
      expect(row.consistency.repeats).toBe(3)
      expect(row.consistency.complete_items).toBe(labelled.length)
      expect(row.consistency.all_agree!).toBeGreaterThan(0.5)
      expect(row.consistency.all_agree!).toBeLessThan(1)
      expect(row.consistency.fleiss_kappa!).toBeLessThan(1)
      expect(row.consistency.per_repeat_mean).toHaveLength(3)
      expect(row.errors).toEqual({requests: 3 * labelled.length, failed: 0, refused: 0, unparsed: 0, rate: 0})
      expect(row.turnaround_seconds_per_1000!).toBeGreaterThan(0)
      expect(row.cost_per_1000_verdicts).toBeGreaterThan(0)
      expect(row.latency_ms).toBeNull()
    }
    const cost = Object.fromEntries(report.candidates.map((row) => [row.candidate, row.cost_per_1000_verdicts as number]))
    expect(cost['openai/model-2']).toBeLessThan(cost['openai/model-1']!)
    expect(report.agreement).toHaveLength(6)
    expect(report.repeat_rule).toBe('majority')
  })

  it("closes with the cheapest candidate within the margin of the best kappa, and whether the data tells them apart", () => {
    const choice = report.choice!
    const kappas = report.candidates.map((row) => row.metrics.cohen_kappa.value!)
    const best = report.candidates[kappas.indexOf(Math.max(...kappas))]!
    expect(choice.best).toBe(best.candidate)
    const near = report.candidates.filter((row) => row.metrics.cohen_kappa.value! >= best.metrics.cohen_kappa.value! - 0.05)
    const cheapest = near.reduce((low, row) => ((row.cost_per_1000_verdicts as number) < (low.cost_per_1000_verdicts as number) ? row : low))
    expect(choice.cheapest).toBe(cheapest.candidate)
    if (choice.cheapest !== choice.best) expect(choice.versus_best!.n).toBe(labelled.length)
  })

  it('tells two candidates of one vendor apart: the emulator answers by model, so they disagree on some answers', async () => {
    const verdicts = async (candidate: string): Promise<Map<string, boolean>> => {
      const [batch] = report.candidates.find((row) => row.candidate === candidate)!.batches
      return new Map((await resultLines(batch!)).map((line) => [line.custom_id, (JSON.parse(line.text!) as {correct: boolean}).correct]))
    }
    const first = await verdicts('openai/model-1')
    const second = await verdicts('openai/model-2')
    const differing = [...first].filter(([id, verdict]) => second.get(id) !== verdict).length
    expect(differing).toBeGreaterThan(0)
    expect(differing).toBeLessThan(first.size)
    const pair = report.agreement.find((entry) => entry.first === 'openai/model-1' && entry.second === 'openai/model-2')!
    expect(pair.n).toBe(labelled.length)
    expect(pair.cohen_kappa!).toBeLessThan(1)
    expect(report.candidates[0]!.metrics.confusion).not.toEqual(report.candidates[1]!.metrics.confusion)
  })

  it("adds the run to compare's report with --judges: the same figures in --json, the section in HTML", async () => {
    const json = await bench.bench(cwd, ['compare', 'results', '--judges', 'pool', '--json'])
    expect(json.code, json.stderr).toBe(0)
    expect((JSON.parse(json.stdout) as {candidate_judges: CandidatesReport}).candidate_judges).toEqual(report)
    const html = await bench.bench(cwd, ['compare', 'results', '--judges', 'results/pool.json', '--format', 'html', '--out', 'report.html'])
    expect(html.code, html.stderr).toBe(0)
    expect(html.stdout).toMatch(/^Wrote report\.html \(.*, html, 0 models, 4 candidate judges\)/)
    const page = await readFile(join(cwd, 'report.html'), 'utf8')
    for (const id of ['candidate-judges', 'table-candidates', 'candidate-kappa-matrix', 'table-repeats', 'table-cost-and-time']) expect(page).toContain(`id="${id}"`)
    expect(page).toContain(`<td>gemini/model-1</td><td class="number">${labelled.length}</td>`)
  })

  it('sends nothing when run again with the same repeats, and only the fourth repeat with --repeats 4', async () => {
    const before = bench.emulator.executed().length
    const again = await judges(['--labels', join(LAYTON, 'ppi_llm.jsonl'), '--predictions', join(LAYTON, 'llm'), '--dataset', 'riddles.jsonl', '--repeats', '3', '--name', 'pool'])
    expect(bench.emulator.executed().length).toBe(before)
    expect(again.candidates.map((row) => row.metrics)).toEqual(report.candidates.map((row) => row.metrics))
    const more = await judges(['--labels', join(LAYTON, 'ppi_llm.jsonl'), '--predictions', join(LAYTON, 'llm'), '--dataset', 'riddles.jsonl', '--repeats', '4', '--name', 'pool'])
    const sent = bench.emulator.executed().slice(before)
    expect(sent).toHaveLength(4 * labelled.length)
    expect(sent.every((line) => line.custom_id.endsWith('__r4'))).toBe(true)
    expect(more.candidates.every((row) => row.batches.length === 2 && row.errors.requests === 4 * labelled.length)).toBe(true)
  }, 120_000)
})

describe("bench judges over a user's labelled JSONL, with an endpoint candidate and refusals", () => {
  let faulty: BenchEmulator
  let dir: string

  beforeAll(async () => {
    faulty = await startBenchEmulator({faults: 'refusal:0.2'})
    dir = await scratchDir('bench-judges-jsonl-')
    const rows = Array.from({length: 40}, (_, index) => ({
      id: `a${index}`,
      question: `What is ${index} + 1?`,
      reference: String(index + 1),
      prediction: String(index % 3 === 0 ? index : index + 1),
      label: index % 3 !== 0,
    }))
    await writeFile(join(dir, 'labelled.jsonl'), [...rows.map((row) => JSON.stringify(row)), JSON.stringify({prediction: 'x', label: null})].join('\n') + '\n')
    await writeFile(join(dir, 'candidates.json'), JSON.stringify({candidates: ['openai/model-1', 'openrouter/model-1']}))
  })
  afterAll(async () => {
    await faulty?.close()
  })

  it('reports latency for the endpoint, counts refusals as errors, and leaves answers without any verdict out', async () => {
    const result = await faulty.bench(dir, ['judges', '--candidates', 'candidates.json', '--labels', 'labelled.jsonl', '--repeats', '2', '--poll-seconds', '1', '--json'], {OPENROUTER_API_KEY: 'test-key'})
    expect(result.code, result.stderr + result.stdout).toBe(0)
    const report = JSON.parse(result.stdout) as CandidatesReport
    expect(report.labels).toMatchObject({kind: 'jsonl', answers: 40, unlabelled: 1, positives: 26})
    const [batch, endpoint] = report.candidates
    expect(endpoint!.latency_ms!.median).toBeGreaterThanOrEqual(0)
    expect(endpoint!.latency_ms!.p95).toBeGreaterThanOrEqual(endpoint!.latency_ms!.median)
    expect(endpoint!.turnaround_seconds_per_1000).toBeNull()
    expect(batch!.errors.refused).toBeGreaterThan(0)
    expect(batch!.errors.rate).toBeCloseTo(batch!.errors.refused / 80, 12)
    expect(batch!.metrics.n + batch!.no_verdict).toBe(40)
    // The emulator's model-1 has no price: cost unknown, never 0, and the closing line says so.
    expect(report.candidates.every((row) => row.cost_per_1000_verdicts === 'unknown')).toBe(true)
    expect(report.choice!.cheapest).toBeUndefined()

    const text = await faulty.bench(dir, ['judges', '--candidates', 'candidates.json', '--labels', 'labelled.jsonl', '--repeats', '2', '--html', 'judges.html'], {OPENROUTER_API_KEY: 'test-key'})
    expect(text.code, text.stderr).toBe(0)
    const html = await readFile(join(dir, 'judges.html'), 'utf8')
    for (const id of ['table-candidates', 'candidate-kappa-matrix', 'table-repeats', 'table-cost-and-time']) expect(html).toContain(`id="${id}"`)
    expect(html).toMatch(/<tr><td>openrouter\/model-1<\/td><td class="number">80<\/td><td class="number">0<\/td><td class="number">0<\/td><td class="number">0<\/td><td class="number">0\.0<\/td><td class="number">—<\/td><td class="number">\d+<\/td>/)
    expect(text.stdout).toMatch(/^Candidate judges on 40 labelled answers of labelled\.jsonl \(26 labelled correct\), 2 repeats each\n\ncandidate\s+n\s+accuracy/)
    expect(text.stdout).toMatch(/\nopenrouter\/model-1\s+\d+\s+0\.\d\d \[0\.\d\d, [01]\.\d\d\]/)
    expect(text.stdout).toContain('No cheapest candidate within 0.05 of it can be named: cost unknown for')
    expect(text.stderr).toMatch(/openai\/model-1: of 80 requests 0 failed, \d+ refused or blocked, 0 not a verdict/)
  }, 120_000)

  it.each([
    [{candidates: []}, /^Error: candidates file candidates-bad\.json: the file must be \{"candidates": \[\.\.\.\]\}/],
    [{candidates: ['nowhere/model-1']}, /^Error: candidates file candidates-bad\.json: candidates\[0\] model "nowhere\/model-1" names no known provider or endpoint/],
    [{candidates: ['anthropic/model-1']}, /^Error: candidates file candidates-bad\.json: candidates\[0\] has no "max_tokens": anthropic requires a token limit/],
    [{candidates: ['openai/model-1', 'openai/model-1']}, /^Error: candidates file candidates-bad\.json: candidates\[1\] repeats openai\/model-1/],
  ])('refuses a bad candidates file %j in one line, sending nothing', async (content, message) => {
    await writeFile(join(dir, 'candidates-bad.json'), JSON.stringify(content))
    const before = faulty.emulator.requests.length
    const result = await faulty.bench(dir, ['judges', '--candidates', 'candidates-bad.json', '--labels', 'labelled.jsonl'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(message)
    expect(faulty.emulator.requests.length).toBe(before)
  })

  it('refuses a Layton pool without its answers, and a labels row without a verdict of the right type', async () => {
    const pool = await faulty.bench(dir, ['judges', '--candidates', 'candidates.json', '--labels', join(LAYTON, 'ppi_llm.jsonl')])
    expect(pool.code, pool.stderr).toBe(2)
    expect(pool.stderr).toMatch(/ppi_llm\.jsonl is a Layton calibration pool, which holds no answers: pass --predictions DIR/)
    await writeFile(join(dir, 'bad.jsonl'), '{"prediction": "4", "label": "yes"}\n')
    const bad = await faulty.bench(dir, ['judges', '--candidates', 'candidates.json', '--labels', 'bad.jsonl'])
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim()).toBe('Error: bad.jsonl:1: field "label": must be true (correct), false or null (not labelled)')
  })
})
