import {basename, dirname, join, resolve} from 'node:path'

import {readAnswerKey, type KeyLine} from './answer-key.js'
import type {BbqKey} from './bbq.js'
import {bbqFigures, type BbqRow} from './bbq-bias.js'
import type {Benchmark, Grade, GroupKind} from './benchmark.js'
import {meanFigure, type Figure, type Resampling} from './intervals.js'
import {loadBenchmark} from './registry.js'
import {verdictClass, type XstestClass, type XstestKey} from './xstest.js'
import {overRefusalValue, xstestFigures, type XstestFigures, type XstestJudged} from './xstest-figures.js'
import {RESULTS_DIR, findManifest, listManifests, type BatchManifest} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {readJsonl} from '../jsonl.js'
import type {ResultLine} from '../results/result.js'

export interface GroupRow extends Figure {
  group: string
}

/** What `bench score --results` reports for one benchmark batch; `--json` prints it whole. */
export interface BenchmarkScoreReport extends Figure {
  benchmark: string
  title: string
  batch: string
  results_file: string
  model: {provider: string; model: string}
  /** What `score` measures: accuracy, or XSTest's over-refusal. */
  metric: string
  higher_is_better: boolean
  /** How each question ended: correct, wrong, unparseable, or the result code of a request that failed (all but correct count as wrong). */
  outcomes: Record<string, number>
  groups: {kind: GroupKind; rows: GroupRow[]}
  /** The unweighted mean of the groups' scores (MMLU's "mean over subjects"), beside the mean over questions. */
  mean_over_groups?: number
  bbq?: BbqRow[]
  xstest?: XstestFigures & {judges: {batch: string; file: string; verdicts: number}[]}
  seed: number
  resamples: number
}

/** A scored batch, and each question's value for the paired comparisons of `bench compare` (NaN where there is none). */
export interface ScoredBenchmark {
  report: BenchmarkScoreReport
  manifest: BatchManifest
  ids: string[]
  values: Float64Array
}

export interface BenchmarkScoreOptions extends Resampling {
  resultsFile: string
}

/**
 * Grades every question of a benchmark batch against the answer key `prepare` wrote: a question
 * without a readable answer counts as wrong, and the report counts it by kind. XSTest's answers
 * are classified by the judge batches `bench jury` made for the batch.
 */
export async function scoreBenchmarkResults(options: BenchmarkScoreOptions): Promise<ScoredBenchmark> {
  const {manifest, root} = await benchmarkManifest(options.resultsFile)
  const record = manifest.benchmark!
  const benchmark = await loadBenchmark(record.name)
  const keys = await readAnswerKey(join(root, record.key_file))
  const lines = await readResultLines(options.resultsFile)
  const graded = keys.map((key) => ({...key, grade: benchmark.grade(key.key, lines.get(key.id) ?? missingLine(key.id, manifest))}))
  const asked = new Set(keys.map((key) => key.id))
  const extra = [...lines.keys()].filter((id) => !asked.has(id))
  if (extra.length > 0) throw new UserError(`${options.resultsFile} answers ${extra.length} questions not in the batch's answer key (e.g. "${extra[0]}"): was the batch prepared again since? Run \`bench results ${manifest.name}\` again`)

  const base = {
    benchmark: benchmark.name,
    title: benchmark.title,
    batch: manifest.name,
    results_file: options.resultsFile,
    model: {provider: manifest.provider, model: manifest.model},
    outcomes: tally(graded.map((item) => item.grade.outcome)),
    seed: options.seed,
    resamples: options.resamples,
  }
  if (benchmark.judged) return scoreJudged(benchmark, graded, manifest, root, base)

  const values = graded.map((item) => (item.grade.outcome === 'correct' ? 1 : 0))
  const rows = groupRows(graded, values)
  const overall = meanFigure(values) as Figure
  const report: BenchmarkScoreReport = {
    ...base,
    metric: benchmark.metric,
    higher_is_better: true,
    ...overall,
    groups: {kind: benchmark.groupKind, rows},
    ...(rows.length > 1 && {mean_over_groups: Math.round((10 * rows.reduce((sum, row) => sum + row.score, 0)) / rows.length) / 10}),
    ...(benchmark.name === 'bbq' && {bbq: bbqFigures(graded as {group: string; key: BbqKey; grade: Grade}[], options)}),
  }
  return {report, manifest, ids: keys.map((key) => key.id), values: Float64Array.from(values)}
}

async function scoreJudged(
  benchmark: Benchmark,
  graded: (KeyLine & {grade: Grade})[],
  manifest: BatchManifest,
  root: string,
  base: Omit<BenchmarkScoreReport, keyof Figure | 'metric' | 'higher_is_better' | 'groups'>,
): Promise<ScoredBenchmark> {
  const judges = await judgeVerdicts(manifest, root)
  const items: XstestJudged[] = graded.map((item) => ({
    id: item.id,
    group: item.group,
    key: item.key as XstestKey,
    grade: item.grade,
    verdicts: judges.flatMap((judge) => judge.verdicts.get(item.id) ?? []),
  }))
  const figures = xstestFigures(items)
  if (figures.over_refusal === undefined) throw new UserError(`no safe prompt of ${manifest.name} has a classified answer: check the judge batches with \`bench list\``)
  const rows: GroupRow[] = figures.types.flatMap((row) => (row.rate === undefined ? [] : [{group: row.type, ...row.rate}]))
  const report: BenchmarkScoreReport = {
    ...base,
    metric: benchmark.metric,
    higher_is_better: false,
    ...figures.over_refusal,
    groups: {kind: benchmark.groupKind, rows},
    xstest: {...figures, judges: judges.map((judge) => ({batch: judge.batch, file: judge.file, verdicts: judge.verdicts.size}))},
  }
  return {report, manifest, ids: items.map((item) => item.id), values: Float64Array.from(items.map(overRefusalValue))}
}

/** Each judge batch of the prediction batch (found by their records' `judge_of`) and its verdicts. */
async function judgeVerdicts(manifest: BatchManifest, root: string): Promise<{batch: string; file: string; verdicts: Map<string, XstestClass>}[]> {
  const batches = (await listManifests(root)).filter((other) => other.judge_of?.batch === manifest.name && other.retry_of === undefined)
  if (batches.length === 0) throw new UserError(`${manifest.name} has no judge batches: run \`bench jury ${manifest.name} --start\`, then \`bench results\` for each judge`)
  const judges = []
  for (const batch of batches) {
    const file = join(root, RESULTS_DIR, `${batch.name}.jsonl`)
    const lines = await readResultLines(file, `the verdicts of judge batch ${batch.name} are not downloaded: run \`bench results ${batch.name}\``)
    const verdicts = new Map<string, XstestClass>()
    for (const [id, line] of lines) {
      const verdict = verdictClass(line)
      if (verdict !== undefined) verdicts.set(id, verdict)
    }
    judges.push({batch: batch.name, file, verdicts})
  }
  return judges
}

/** The working directory of `results/<name>.jsonl`: where its `processed_files/` is (`.` when the file is not in a `results/` folder). */
export function resultsRoot(resultsFile: string): string {
  const absolute = resolve(resultsFile)
  return basename(dirname(absolute)) === RESULTS_DIR ? dirname(dirname(absolute)) : '.'
}

/** The batch record of `results/<name>.jsonl`, read beside its `results/` folder. */
async function benchmarkManifest(resultsFile: string): Promise<{manifest: BatchManifest; root: string}> {
  const name = basename(resultsFile).replace(/\.jsonl$/, '')
  const root = resultsRoot(resultsFile)
  const manifest = await findManifest(name, root)
  if (manifest?.benchmark === undefined) {
    throw new UserError(`${resultsFile} is not the results of a benchmark batch (no processed_files/${name}.manifest.json with a benchmark): pass the results/<name>.jsonl of a batch prepared with --benchmark`)
  }
  return {manifest, root}
}

/** `missing` is the error when the file is not there; a bad line stays readJsonl's own error, naming the line. */
async function readResultLines(file: string, missing = `${file} not found: download the answers with \`bench results ${basename(file, '.jsonl')}\``): Promise<Map<string, ResultLine>> {
  const lines = new Map<string, ResultLine>()
  try {
    for await (const {value} of readJsonl<ResultLine>(file)) lines.set(value.custom_id, value)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(missing)
    throw error
  }
  return lines
}

/** A question the results file has no line for (results of an older download): counted as `missing`, never dropped. */
function missingLine(id: string, manifest: BatchManifest): ResultLine {
  return {custom_id: id, ok: false, error: {code: 'missing', message: 'no line in the results file'}, model: manifest.model, provider: manifest.provider}
}

function tally(outcomes: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1
  return counts
}

function groupRows(graded: readonly {group: string}[], values: readonly number[]): GroupRow[] {
  const byGroup = new Map<string, number[]>()
  graded.forEach((item, index) => {
    let list = byGroup.get(item.group)
    if (list === undefined) byGroup.set(item.group, (list = []))
    list.push(values[index] as number)
  })
  return [...byGroup].sort(([a], [b]) => a.localeCompare(b)).map(([group, list]) => ({group, ...(meanFigure(list) as Figure)}))
}
