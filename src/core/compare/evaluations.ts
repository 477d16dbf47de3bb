import type {EvaluationSource} from './evaluation-sources.js'
import {readPredictionSummary, type PredictionSummary} from './prediction-summary.js'
import type {BatchManifest} from '../batch/manifest.js'
import type {JudgeTable} from '../jury/judge-files.js'
import {costOfUsage, type Cost} from '../pricing/cost.js'
import {findPrice, type PriceTable} from '../pricing/price-table.js'
import type {CalibrationPool} from '../score/calibration.js'
import type {JudgeGroup} from '../score/judge-groups.js'
import {hasVerdict, verdictValue, type ScoreField} from '../score/judgement.js'
import {scoreGroup, type ScoreReport} from '../score/score.js'

/** One evaluated batch, read and scored. */
export interface Evaluation {
  source: EvaluationSource
  table: JudgeTable
  report: ScoreReport
  /** The riddles of `table.riddles`, then those withheld from the judges whose ids are known. */
  riddles: string[]
  /** Jury value of each of `riddles` (0 to 1; 0 for a withheld one), NaN where no judge gave a verdict. */
  jury: Float64Array
  predictions?: PredictionSummary
  cost: Cost
  /** The price-table entry used for the cost, when the model is listed. */
  priced_as?: string
  /** Submit to done, from bench's batch record; unknown for batchling files, which keep no timestamps. */
  wall_seconds: number | 'unknown'
}

export interface EvaluationOptions {
  field: ScoreField
  pool?: CalibrationPool
  prices: PriceTable
  resamples: number
  seed: number
  /** Keep each riddle's answer text (for the HTML riddle browser). */
  answers: boolean
}

/** Scores one evaluated batch's judge files as `bench score` would, and reads its answers. */
export async function loadEvaluation(source: EvaluationSource, group: JudgeGroup, options: EvaluationOptions): Promise<Evaluation> {
  const {table} = group
  const report = scoreGroup(group, {field: options.field, pool: options.pool, provider: source.manifest?.provider, resamples: options.resamples, seed: options.seed})
  const predictions = source.predictions === undefined ? undefined : await readPredictionSummary(source.predictions, options.answers)
  const price = findPrice(options.prices, report.model.provider, source.manifest?.model ?? report.model.model)
  const judged = riddleJuryValues(table, options.field)
  const jury = new Float64Array(judged.length + table.withheld.ids.length)
  jury.set(judged)
  return {
    source,
    table,
    report,
    riddles: [...table.riddles, ...table.withheld.ids],
    jury,
    predictions,
    cost: costOfUsage(price, predictions?.usage),
    ...(price !== undefined && {priced_as: price.listed_as}),
    wall_seconds: source.manifest === undefined ? 'unknown' : wallSeconds(source.manifest),
  }
}

/** Per riddle, the mean of the available judges' verdicts on the field (score/jury.ts's jury value). */
export function riddleJuryValues(table: JudgeTable, field: ScoreField): Float64Array {
  const values = new Float64Array(table.riddles.length)
  for (let riddle = 0; riddle < table.riddles.length; riddle++) {
    let judged = 0
    let positives = 0
    for (const codes of table.verdicts) {
      const code = codes[riddle] as number
      if (!hasVerdict(code)) continue
      judged += 1
      if (verdictValue(code, field)) positives += 1
    }
    values[riddle] = judged === 0 ? Number.NaN : positives / judged
  }
  return values
}

/**
 * From the first submission to the end of the batch: the vendor's end time when `get` saw one,
 * else when `bench results` wrote the answers. Unknown before the batch was submitted.
 */
export function wallSeconds(manifest: BatchManifest): number | 'unknown' {
  const submitted = manifest.history.find((entry) => entry.event === 'submitting' || entry.event === 'submitted')?.at
  const done = manifest.last_status?.ended_at ?? manifest.history.findLast((entry) => entry.event === 'results written')?.at
  if (submitted === undefined || done === undefined) return 'unknown'
  const seconds = (Date.parse(done) - Date.parse(submitted)) / 1000
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 'unknown'
}
