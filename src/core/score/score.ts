import {juryAgreement, type JuryAgreement} from './agreement.js'
import {labelStrata, type Remapped} from './calibrated.js'
import {readCalibrationPool, poolStrata, type CalibrationPool} from './calibration.js'
import {roundScore, roundToTenth, type RoundedScore} from './interval.js'
import type {ScoreField} from './judgement.js'
import {judgeMean, juryOf, missingVerdicts, type MissingVerdict} from './jury.js'
import {Random} from './random.js'
import {bootstrapMeans, calibratedMeans} from './resample.js'
import {sanitizeModel} from '../batch/naming.js'
import {cachedHubFile, calibrationHubFile} from '../dataset/hub.js'
import {UserError} from '../errors.js'
import {readJudgeTable, type JudgeSource, type JudgeTable} from '../jury/judge-files.js'

export interface ScoreOptions {
  judgeFiles: readonly string[]
  field: ScoreField
  /** A `ppi_<split>.jsonl` file, `hub` for the published pool, or undefined for the plain bootstrap. */
  calibration?: string
  /** Provider of the evaluated model, when the judge files do not tell (its rows leave the pool). */
  provider?: string
  resamples: number
  seed: number
}

/** `calibrated`: the published prediction-powered score; `bootstrap`: the jury mean with a bootstrap interval. */
export type ScoreMethod = 'calibrated' | 'bootstrap'

export interface ScoreReport {
  score: number
  '95% CI (±)': number
  method: ScoreMethod
  field: ScoreField
  /** Riddles scored (with at least one verdict). */
  n: number
  seed: number
  resamples: number
  /** The 2.5th and 97.5th percentiles of the replicates, in points. */
  interval: {low: number; high: number}
  model: {provider?: string; model?: string; split?: string}
  calibration?: {file: string; pool_rows: number; left_out_provider: string; remapped: Remapped[]}
  /** Each judge alone: the share of its verdicts that say the field is true, in points. */
  judges: {judge: string; file: string; verdicts: number; missing: number; score: number}[]
  agreement: JuryAgreement
  /**
   * The score again without each judge in turn (same method, same seed). When calibrating, the
   * judge's column also leaves the pool if the pool has it; `remapped_riddles` counts riddles
   * whose jury value then had no stratum.
   */
  leave_one_judge_out: {without: string; score: number; '95% CI (±)': number; remapped_riddles: number}[]
  missing_verdicts: {
    /** Riddles at least one judge gave no verdict on; they are scored on the judges they have. */
    riddles: number
    /** Riddles no judge gave a verdict on: left out of the score. */
    unscored: number
    list: MissingVerdict[]
  }
}

/** Reads the judge files (and the calibration pool) and computes the score and its diagnostics. */
export async function scoreJudgeFiles(options: ScoreOptions): Promise<ScoreReport> {
  const table = await readJudgeTable(options.judgeFiles)
  const model = evaluatedModel(table.judges, options.provider)
  const pool = options.calibration === undefined ? undefined : await loadCalibrationPool(options.calibration, options.field, model)
  return scoreJudgeTable(table, {...options, pool})
}

export interface TableScoreOptions {
  field: ScoreField
  /** The calibration pool (read once by callers that score many models); undefined for the plain bootstrap. */
  pool?: CalibrationPool
  /** Provider of the evaluated model, when the judge files do not tell (its rows leave the pool). */
  provider?: string
  resamples: number
  seed: number
}

/** The score and its diagnostics from judge files already read: `bench compare` reads each file once. */
export function scoreJudgeTable(table: JudgeTable, options: TableScoreOptions): ScoreReport {
  const model = evaluatedModel(table.judges, options.provider)
  const calibration = options.pool === undefined ? undefined : calibrationFor(options.pool, model)
  const jury = juryOf(table, options.field)
  if (jury.scored === 0) throw new UserError('no riddle has a verdict from any judge: check that the judge batches succeeded (`bench results`)')

  const estimate = (judgeToLeaveOut?: number): {rounded: RoundedScore; remapped: Remapped[]} => {
    const juryHere = judgeToLeaveOut === undefined ? jury : juryOf(table, options.field, judgeToLeaveOut)
    const random = new Random(options.seed)
    if (calibration === undefined) return {rounded: roundScore(bootstrapMeans(juryHere.strata, options.resamples, random), juryHere.mean), remapped: []}
    const poolJudge = judgeToLeaveOut === undefined ? undefined : poolJudgeIndex(calibration.pool, table.judges[judgeToLeaveOut] as JudgeSource)
    const {strata, remapped} = labelStrata(juryHere.strata, poolStrata(calibration.pool, calibration.provider, poolJudge))
    return {rounded: roundScore(calibratedMeans(strata, options.resamples, random)), remapped}
  }

  const {rounded, remapped} = estimate()
  const missing = missingVerdicts(table)
  return {
    score: rounded.score,
    '95% CI (±)': rounded.half_width,
    method: calibration === undefined ? 'bootstrap' : 'calibrated',
    field: options.field,
    n: jury.scored,
    seed: options.seed,
    resamples: options.resamples,
    interval: {low: rounded.low, high: rounded.high},
    model,
    calibration:
      calibration === undefined
        ? undefined
        : {file: calibration.pool.file, pool_rows: calibration.rows, left_out_provider: calibration.provider, remapped},
    judges: table.judges.map((judge, index) => {
      const own = judgeMean(table, index, options.field)
      return {judge: judge.label, file: judge.file, verdicts: own.verdicts, missing: table.riddles.length - own.verdicts, score: roundToTenth(100 * own.mean)}
    }),
    agreement: juryAgreement(table, options.field),
    leave_one_judge_out:
      table.judges.length < 2
        ? []
        : table.judges.map((judge, index) => {
            const without = estimate(index)
            const remapped_riddles = without.remapped.reduce((total, entry) => total + entry.riddles, 0)
            return {without: judge.label, score: without.rounded.score, '95% CI (±)': without.rounded.half_width, remapped_riddles}
          }),
    missing_verdicts: {riddles: missing.length, unscored: table.riddles.length - jury.scored, list: missing},
  }
}

/** The model the judges judged: every file must agree on it. */
function evaluatedModel(judges: readonly JudgeSource[], providerOverride: string | undefined): ScoreReport['model'] {
  const agreed = (key: 'provider' | 'model' | 'split'): string | undefined => {
    const owners = judges.filter((judge) => judge.evaluated[key] !== undefined)
    const first = owners[0]
    // Files name models sanitized (gpt-5-1), batch records as given (gpt-5.1): the same model.
    const other = owners.find((judge) => sanitizeModel(judge.evaluated[key] as string) !== sanitizeModel(first?.evaluated[key] as string))
    if (first !== undefined && other !== undefined) {
      throw new UserError(
        `the judge files judge different ${key}s: ${first.evaluated[key]} (${first.file}) and ${other.evaluated[key]} (${other.file}); score one model at a time`,
      )
    }
    return first?.evaluated[key]
  }
  return {provider: providerOverride ?? agreed('provider'), model: agreed('model'), split: agreed('split')}
}

interface Calibration {
  pool: CalibrationPool
  /** The evaluated model's provider, whose rows are left out of the pool. */
  provider: string
  /** Labelled rows of the other providers. */
  rows: number
}

/** Reads the pool, after the checks that need no file (so the cheapest mistake is reported first). */
async function loadCalibrationPool(source: string, field: ScoreField, model: ScoreReport['model']): Promise<CalibrationPool> {
  requireProvider(model)
  if (source !== 'hub') return readCalibrationPool(source, field)
  // The pool must be the one of the judged split (the original scorer always took `llm`'s).
  if (model.split !== 'llm' && model.split !== 'vlm') {
    throw new UserError('cannot tell the split of the judged answers (llm or vlm) to fetch its calibration pool: pass --calibration ppi_<split>.jsonl')
  }
  return readCalibrationPool(await cachedHubFile(calibrationHubFile(model.split)), field)
}

function requireProvider(model: ScoreReport['model']): string {
  if (model.provider === undefined) {
    throw new UserError('cannot tell which provider made the judged answers (the judge file names do not say): pass --provider NAME, so its rows leave the calibration pool')
  }
  return model.provider
}

function calibrationFor(pool: CalibrationPool, model: ScoreReport['model']): Calibration {
  const provider = requireProvider(model)
  if (pool.split !== undefined && model.split !== undefined && pool.split !== model.split) {
    throw new UserError(`the judge files are of split ${model.split} but the calibration file ${pool.file} is of split ${pool.split}: pass ppi_${model.split}.jsonl`)
  }
  return {pool, provider, rows: pool.rows.filter((row) => row.provider !== provider).length}
}

/**
 * The pool column of a judge, matching the sanitized model names (files say `gpt-5-1-...`,
 * pool columns `gpt-5.1-...`); undefined when the pool has no column for it.
 */
export function poolJudgeIndex(pool: CalibrationPool, judge: JudgeSource): number | undefined {
  const index = pool.judges.findIndex((column) => sanitizeModel(column) === sanitizeModel(judge.judge.model))
  return index === -1 ? undefined : index
}
