import {readFile, readdir, stat} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'

import type {Resampling} from './intervals.js'
import {BENCHMARK_NAMES, isBenchmarkName} from './registry.js'
import {scoreBenchmarkResults, type ScoredBenchmark} from './score-benchmark.js'
import {RESULTS_DIR, findManifest} from '../batch/manifest.js'
import {comparePair, type PairComparison} from '../compare/pairs.js'
import {UserError} from '../errors.js'
import {costOfUsage, type Cost} from '../pricing/cost.js'
import {findPrice, type PriceTable} from '../pricing/price-table.js'
import type {Usage} from '../results/result.js'
import {RiddleIndex} from '../score/riddle-index.js'
import {readJsonl} from '../jsonl.js'

/** One model on one benchmark. */
export interface BenchmarkLeaderboardRow {
  rank: number
  label: string
  batch: string
  score: number
  '95% CI (±)': number
  n: number
  /** Questions without a gradable answer (refused, unparseable, failed...), counted in the score as wrong. */
  ungraded: number
  cost_usd: Cost
}

export interface BenchmarkBoard {
  benchmark: string
  title: string
  metric: string
  higher_is_better: boolean
  leaderboard: BenchmarkLeaderboardRow[]
  /** Every pair of models on the questions both have; the better-ranked first. */
  pairs: PairComparison[]
  /** Per subject, category or type: each model's score (null where it has none). */
  groups: {kind: string; names: string[]; rows: {label: string; scores: (number | null)[]}[]}
}

/** `--weights FILE`: one overall score per model over the weighted benchmarks. */
export interface WeightedOverall {
  weights: Record<string, number>
  rows: {label: string; score: number | null; missing: string[]}[]
}

export interface BenchmarkComparison {
  benchmarks: BenchmarkBoard[]
  weighted?: WeightedOverall
}

export interface BenchmarkCompareOptions extends Resampling {
  paths: readonly string[]
  prices: PriceTable
  weightsFile?: string
}

/**
 * The benchmark batches among the paths (results files of batches prepared with --benchmark, or
 * directories holding them), scored as `bench score --results` scores them and put side by side
 * per benchmark. Undefined when the paths hold none.
 */
export async function compareBenchmarks(options: BenchmarkCompareOptions): Promise<BenchmarkComparison | undefined> {
  const files = await benchmarkResultFiles(options.paths)
  if (files.length === 0) {
    if (options.weightsFile !== undefined) throw new UserError('--weights weighs benchmark scores, and no benchmark results are among the paths: pass results/ or results/<benchmark batch>.jsonl files')
    return undefined
  }
  const scored: ScoredBenchmark[] = []
  for (const file of files) scored.push(await scoreBenchmarkResults({resultsFile: file, resamples: options.resamples, seed: options.seed}))
  const labels = modelLabels(scored)
  const names = [...new Set(scored.map((entry) => entry.report.benchmark))].sort()
  const boards: BenchmarkBoard[] = []
  for (const name of names) {
    const runs = scored.flatMap((entry, index) => (entry.report.benchmark === name ? [{entry, label: labels[index] as string}] : []))
    boards.push(await board(runs, options))
  }
  const weighted = options.weightsFile === undefined ? undefined : weightedOverall(await readWeights(options.weightsFile), boards)
  return {benchmarks: boards, ...(weighted !== undefined && {weighted})}
}

async function board(runs: {entry: ScoredBenchmark; label: string}[], options: BenchmarkCompareOptions): Promise<BenchmarkBoard> {
  const first = runs[0]!.entry.report
  const sign = first.higher_is_better ? -1 : 1
  runs.sort((a, b) => sign * (a.entry.report.score - b.entry.report.score) || a.label.localeCompare(b.label))
  const leaderboard: BenchmarkLeaderboardRow[] = []
  for (const [index, {entry, label}] of runs.entries()) {
    const {report} = entry
    const price = findPrice(options.prices, report.model.provider, report.model.model)
    leaderboard.push({
      rank: index + 1,
      label,
      batch: report.batch,
      score: report.score,
      '95% CI (±)': report['95% CI (±)'],
      n: report.n,
      ungraded: Object.entries(report.outcomes).reduce((sum, [outcome, count]) => (['correct', 'wrong', 'answered'].includes(outcome) ? sum : sum + count), 0),
      cost_usd: costOfUsage(price, await usageOf(report.results_file)),
    })
  }
  // Questions lined up by id, so the paired statistics compare the same questions.
  const index = new RiddleIndex()
  const positions = runs.map(({entry}) => entry.ids.map((id) => index.intern(id)))
  const grid = runs.map(({entry}, run) => {
    const values = new Float64Array(index.ids.length).fill(Number.NaN)
    positions[run]!.forEach((global, local) => (values[global] = entry.values[local] as number))
    return values
  })
  const pairs: PairComparison[] = []
  for (let a = 0; a < runs.length; a++) {
    for (let b = a + 1; b < runs.length; b++) {
      const names = {board: first.benchmark, first: runs[a]!.label, second: runs[b]!.label}
      const pair = comparePair(grid[a] as Float64Array, grid[b] as Float64Array, options)
      pairs.push(pair === undefined ? {...names, compared: false, n: 0} : {...names, compared: true, ...pair})
    }
  }
  const groupNames = [...new Set(runs.flatMap(({entry}) => entry.report.groups.rows.map((row) => row.group)))].sort()
  return {
    benchmark: first.benchmark,
    title: first.title,
    metric: first.metric,
    higher_is_better: first.higher_is_better,
    leaderboard,
    pairs,
    groups: {
      kind: first.groups.kind,
      names: groupNames,
      rows: runs.map(({entry, label}) => ({label, scores: groupNames.map((group) => entry.report.groups.rows.find((row) => row.group === group)?.score ?? null)})),
    },
  }
}

/** `<provider>/<model>`, with the batch name added where two runs of one benchmark would read the same. */
function modelLabels(scored: readonly ScoredBenchmark[]): string[] {
  const plain = scored.map(({report}) => `${report.model.provider}/${report.model.model}`)
  return scored.map((entry, index) => {
    const twins = scored.filter((other, otherIndex) => plain[otherIndex] === plain[index] && other.report.benchmark === entry.report.benchmark)
    return twins.length > 1 ? `${plain[index]} (${entry.report.batch})` : (plain[index] as string)
  })
}

/**
 * Weighted mean of each model's benchmark scores, a lower-is-better figure (XSTest's over-refusal)
 * entering as 100 minus it. A model missing a weighted benchmark gets no overall score: a partial
 * one would rank it on easier ground.
 */
function weightedOverall(weights: Record<string, number>, boards: readonly BenchmarkBoard[]): WeightedOverall {
  const labels = [...new Set(boards.flatMap((entry) => entry.leaderboard.map((row) => row.label)))]
  const rows = labels.map((label) => {
    let sum = 0
    let total = 0
    const missing: string[] = []
    for (const [benchmark, weight] of Object.entries(weights)) {
      const found = boards.find((entry) => entry.benchmark === benchmark)
      const row = found?.leaderboard.find((entry) => entry.label === label)
      if (found === undefined || row === undefined) {
        missing.push(benchmark)
        continue
      }
      sum += weight * (found.higher_is_better ? row.score : 100 - row.score)
      total += weight
    }
    return {label, score: missing.length > 0 ? null : Math.round((10 * sum) / total) / 10, missing}
  })
  rows.sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || a.label.localeCompare(b.label))
  return {weights, rows}
}

/** `{"mmlu": 2, "gsm8k": 1, ...}`: checked where it enters. */
async function readWeights(file: string): Promise<Record<string, number>> {
  let value: unknown
  try {
    value = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new UserError(`cannot read weights file ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0]}): give a JSON object like {"mmlu": 2, "gsm8k": 1}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) throw new UserError(`weights file ${file} must be a JSON object of benchmark names to weights, like {"mmlu": 2, "gsm8k": 1}`)
  for (const [name, weight] of Object.entries(value)) {
    if (!isBenchmarkName(name)) throw new UserError(`weights file ${file}: "${name}" is not a benchmark; the benchmarks are ${BENCHMARK_NAMES.join(', ')}`)
    if (typeof weight !== 'number' || !(weight > 0) || !Number.isFinite(weight)) throw new UserError(`weights file ${file}: the weight of "${name}" must be a positive number, not ${JSON.stringify(weight)}`)
  }
  return value as Record<string, number>
}

/** The results files of benchmark batches among the paths; a directory stands for its `.jsonl` files. */
async function benchmarkResultFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = []
  for (const path of paths) {
    const isDirectory = await stat(path).then((stats) => stats.isDirectory(), () => false)
    const candidates = isDirectory ? (await readdir(path)).filter((entry) => entry.endsWith('.jsonl')).sort().map((entry) => join(path, entry)) : [path]
    for (const file of candidates) {
      const absolute = resolve(file)
      if (basename(dirname(absolute)) !== RESULTS_DIR) continue
      const manifest = await findManifest(basename(absolute, '.jsonl'), dirname(dirname(absolute)))
      if (manifest?.benchmark !== undefined && manifest.kind === 'prediction' && manifest.retry_of === undefined) found.push(file)
    }
  }
  return found
}

/** Tokens the batch's answers used, for the cost at batch prices. */
async function usageOf(file: string): Promise<Usage | undefined> {
  const usage: Usage = {input: 0, output: 0, reasoning: 0, cached: 0}
  let any = false
  for await (const {value} of readJsonl<{usage?: Usage}>(file)) {
    if (value.usage === undefined) continue
    any = true
    usage.input += value.usage.input
    usage.output += value.usage.output
    usage.reasoning += value.usage.reasoning
    usage.cached += value.usage.cached
  }
  return any ? usage : undefined
}
