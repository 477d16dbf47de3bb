import {basename, isAbsolute, relative, resolve} from 'node:path'

import {breakdownByCategory, breakdownByHints, type CategoryRow, type HintsRow} from './breakdowns.js'
import {readRiddleCategories, type RiddleCategories} from './categories.js'
import {evaluationSource, listFiles} from './evaluation-sources.js'
import {loadEvaluation, type Evaluation} from './evaluations.js'
import {compareJudges, type JudgeComparison} from './judges.js'
import {buildLeaderboard, type LeaderboardRow} from './leaderboard.js'
import {comparePairs, type PairComparison} from './pairs.js'
import {alignRiddles, type RiddleGrid} from './riddle-grid.js'
import {UserError} from '../errors.js'
import {LAYTON_REPEAT_RULE_TEXT} from '../jury/repeats.js'
import {loadPriceTable} from '../pricing/price-table.js'
import {readCalibrationPool, type CalibrationPool} from '../score/calibration.js'
import {batchKey} from '../score/file-name.js'
import {readJudgeGroups, type JudgeGroup, type SkippedFile} from '../score/judge-groups.js'
import type {ScoreField} from '../score/judgement.js'
import type {ScoreMethod} from '../score/score.js'

export interface CompareOptions {
  /** Judge files and directories of judge files. */
  paths: readonly string[]
  field: ScoreField
  /** A ppi_<split>.jsonl: calibrated scores, and each judge against the human labels. */
  calibration?: string
  /** A dataset file giving each riddle's category. */
  dataset?: string
  /** A price file laid over the repository's table. */
  prices?: string
  resamples: number
  seed: number
  /** Read the models' answer texts too: only the HTML report shows them. */
  answers?: boolean
  /** No judge file among the paths is no error (the paths hold other things `bench compare` reads): undefined instead. */
  optional?: boolean
}

/** Everything `bench compare` reports; every output format carries these numbers. */
export interface CompareReport {
  field: ScoreField
  method: ScoreMethod
  calibration?: {file: string; labelled_rows: number}
  seed: number
  resamples: number
  /** Every model, board by board (one board per split and hints level), ranked within its board. */
  leaderboard: LeaderboardRow[]
  /** Every pair of models of the same board, the better-ranked first; `compared: false` when they share no riddle. */
  pairs: PairComparison[]
  /** Answers files among the paths that no judge file judged: listed, not scored. */
  not_judged: {batch: string; file: string}[]
  /** Files among the paths that are neither judge results nor answers files, and why. */
  skipped: SkippedFile[]
  /** Judge files whose identity came from their riddle ids alone, one line each. */
  warnings: string[]
  categories: {
    /** Datasets the categories came from; empty when none was available. */
    datasets: string[]
    rows: CategoryRow[]
  }
  /** Models run at several hints levels. */
  hints: HintsRow[]
  judges: JudgeComparison
}

/** The report and what the HTML riddle browser needs besides: the evaluations, lined up by riddle. */
export interface Comparison {
  report: CompareReport
  /** In leaderboard order. */
  evaluations: Evaluation[]
  labels: string[]
  grid: RiddleGrid
  categories: RiddleCategories
}

export async function compareModels(options: CompareOptions & {optional: true}): Promise<Comparison | undefined>
export async function compareModels(options: CompareOptions): Promise<Comparison>
export async function compareModels(options: CompareOptions): Promise<Comparison | undefined> {
  const prices = loadPriceTable(options.prices)
  const {groups, skipped, predictions} = await readJudgeGroups(await listFiles(options.paths), {optional: options.optional})
  if (groups.length === 0) return undefined
  const pool = options.calibration === undefined ? undefined : await readPool(options.calibration, options.field)
  const loaded: Evaluation[] = []
  for (const [index, group] of groups.entries()) {
    const source = await evaluationSource(group, predictions, index)
    loaded.push(await loadEvaluation(source, group, {field: options.field, pool, prices, resamples: options.resamples, seed: options.seed, answers: options.answers ?? false}))
  }
  const leaderboard = buildLeaderboard(loaded, modelLabels(loaded))
  const evaluations = leaderboard.map((row) => loaded.find((evaluation) => evaluation.source.batch === row.batch) as Evaluation)
  const labels = leaderboard.map((row) => row.label)
  const judged = new Set(loaded.map((evaluation) => batchKey(evaluation.source.batch)))
  const grid = alignRiddles(evaluations)
  const categories = await readRiddleCategories(evaluations, options.dataset)
  const resampling = {resamples: options.resamples, seed: options.seed}
  const report: CompareReport = {
    field: options.field,
    method: pool === undefined ? 'jury mean' : 'calibrated',
    ...(pool !== undefined && {calibration: {file: sharedPath(pool.file), labelled_rows: pool.rows.length}}),
    seed: options.seed,
    resamples: options.resamples,
    leaderboard,
    pairs: comparePairs(
      labels,
      leaderboard.map((row) => row.board),
      grid.values,
      resampling,
    ),
    not_judged: predictions.filter((found) => !judged.has(batchKey(found.batch))).map(({batch, file}) => ({batch, file: sharedPath(file)})),
    skipped: skipped.filter((entry) => entry.reason !== 'prediction results').map((entry) => ({...entry, file: sharedPath(entry.file)})),
    warnings: groups.flatMap((group) => [...group.warnings, ...repeatsNote(group)]),
    categories: {
      datasets: categories.files.map(sharedPath),
      rows: categories.byRiddle.size === 0 ? [] : breakdownByCategory(
              labels,
              evaluations.map((evaluation) => evaluation.table.judges.length),
              grid,
              categories.byRiddle,
            ),
    },
    hints: breakdownByHints(leaderboard),
    judges: compareJudges(evaluations, labels, options.field, pool),
  }
  return {report, evaluations, labels, grid, categories}
}

/**
 * A file as a shared report may name it: relative to the working directory, or only its name when
 * it lies elsewhere (the Hub cache, a home folder), never a local absolute path.
 */
function sharedPath(file: string): string {
  const path = relative(process.cwd(), resolve(file))
  return path === '' || path.startsWith('..') || isAbsolute(path) ? basename(file) : path
}

async function readPool(file: string, field: ScoreField): Promise<CalibrationPool> {
  if (file === 'hub') throw new UserError('the Hugging Face Hub is not reachable from bench compare: download ppi_<split>.jsonl from rvienne/layton-eval-ppi and pass --calibration FILE')
  return readCalibrationPool(file, field)
}

/**
 * `<provider>/<model>`, with the split and hints level added only when the evaluations differ in
 * them, and the batch name when two evaluations would still read the same.
 */
export function modelLabels(evaluations: readonly Evaluation[]): string[] {
  const differ = (pick: (evaluation: Evaluation) => unknown): boolean => new Set(evaluations.map(pick)).size > 1
  const showSplit = differ((evaluation) => evaluation.report.model.split)
  const showHints = differ((evaluation) => evaluation.source.hints)
  const labels = evaluations.map((evaluation) => {
    const {provider, model, split} = evaluation.report.model
    const name = evaluation.source.manifest?.model ?? model ?? evaluation.source.batch
    const parts = [provider === undefined ? name : `${provider}/${name}`]
    if (showSplit && split !== undefined) parts.push(split)
    if (showHints && evaluation.source.hints !== undefined) parts.push(`hints ${evaluation.source.hints}`)
    return parts.join(' ')
  })
  return labels.map((label, index) => (labels.indexOf(label) === labels.lastIndexOf(label) ? label : `${label} (${(evaluations[index] as Evaluation).source.batch})`))
}

/** A jury asked with --repeats is compared on each judge's verdict under the rule: said once per batch. */
function repeatsNote(group: JudgeGroup): string[] {
  if (group.table.repeats === undefined) return []
  const counts = [...new Set(group.table.repeats.map((repeats) => repeats.length))].join(' or ')
  return [`${group.batch ?? '(unnamed)'}: ${counts} repeats per judge; a judge's verdict is ${LAYTON_REPEAT_RULE_TEXT}`]
}
