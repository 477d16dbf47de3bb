import {juryAgreement, type JuryAgreement} from './agreement.js'
import {calibratedFullInterval, labelStrata, type Remapped} from './calibrated.js'
import {readCalibrationPool, poolStrata, type CalibrationPool} from './calibration.js'
import {ROUGH_BELOW, juryInterval, roundAround, roundPublished, roundToTenth, type RoundedScore} from './interval.js'
import {readJudgeGroups, type JudgeGroup, type SkippedFile} from './judge-groups.js'
import type {ScoreField} from './judgement.js'
import {allStrata, judgeMean, juryOf, missingVerdicts, type MissingVerdict} from './jury.js'
import {Random} from './random.js'
import {judgeRepeatConsistency} from './repeat-verdicts.js'
import {calibratedMeans, type LabelStratum} from './resample.js'
import {sanitizeModel} from '../batch/naming.js'
import {cachedHubFile, calibrationHubFile} from '../dataset/hub.js'
import {UserError} from '../errors.js'
import type {JudgeSource, JudgeTable} from '../jury/judge-files.js'
import type {RepeatConsistency} from '../jury/repeat-consistency.js'
import {LAYTON_REPEAT_RULE_TEXT, REPEAT_RULE} from '../jury/repeats.js'
import type {WithheldCounts} from '../jury/withheld.js'

/** Which interval the printed `95% CI (±)` of a calibrated score is. */
export const CI_CHOICES = ['published', 'full'] as const

/**
 * `published`: the published calibrated method's interval, which resamples only the human labels
 * (comparable with the published leaderboard, blind to which riddles were drawn). `full`: riddles
 * resampled too (score/calibrated.ts). The jury mean without calibration has only the full one.
 */
export type CiChoice = (typeof CI_CHOICES)[number]

export interface ScoreOptions {
  judgeFiles: readonly string[]
  field: ScoreField
  /** A `ppi_<split>.jsonl` file, `hub` for the published pool, or undefined for the plain jury mean. */
  calibration?: string
  /** Provider of the evaluated model, when the judge files do not tell (its rows leave the pool). */
  provider?: string
  /** Resamples of the published calibrated interval. */
  resamples: number
  seed: number
  /** The interval printed for a calibrated score (default `published`). */
  ci?: CiChoice
}

/** `calibrated`: the published prediction-powered score; `jury mean`: the mean jury value with a Wilson interval. */
export type ScoreMethod = 'calibrated' | 'jury mean'

/** An interval as printed, and its two ends in points. */
export interface ScoreInterval {
  '95% CI (±)': number
  low: number
  high: number
}

export interface ScoreReport {
  /** The evaluated batch, when the judge files say it. */
  batch?: string
  score: number
  '95% CI (±)': number
  method: ScoreMethod
  /** Which interval `95% CI (±)` and `interval` are. */
  ci: CiChoice
  field: ScoreField
  /** Riddles scored: those with at least one verdict, and the predictions withheld from the judges. */
  n: number
  /** Fewer than 30 riddles: the interval's coverage was not checked there, it is rough. */
  rough: boolean
  seed: number
  resamples: number
  /** The printed interval's ends, in points: near 0% and 100% it is one-sided, so `±` is only its larger side. */
  interval: {low: number; high: number}
  /** Both intervals of a calibrated score side by side (`published` is absent for the jury mean). */
  intervals: {published?: ScoreInterval; full: ScoreInterval}
  /** Predictions not sent to the judges, counted incorrect, by kind (refused, blocked, truncated). */
  withheld: WithheldCounts
  model: {provider?: string; model?: string; split?: string; hints?: number; thinking?: string}
  calibration?: {file: string; pool_rows: number; left_out_provider: string; remapped: Remapped[]}
  /** Each judge alone: the share of its verdicts that say the field is true, in points. */
  judges: {judge: string; file: string; known_from: JudgeSource['known_from']; verdicts: number; missing: number; score: number}[]
  /**
   * With repeats (`bench jury --repeats`), absent otherwise: the rule that makes each judge's
   * verdict from its repeats, and per judge its agreement with itself on the field and the score
   * each repeat alone gives (per_repeat_mean, in points).
   */
  repeats?: {
    rule: typeof REPEAT_RULE
    rule_text: string
    judges: {judge: string; files: string[]; consistency: RepeatConsistency}[]
    /** The score (same method, seed and interval) each repeat alone gives, every judge's repeat k standing for it; null where no judge's repeat k has a verdict. */
    per_repeat_score: ({score: number; '95% CI (±)': number} | null)[]
  }
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
  /** Judge files whose identity came from their riddle ids alone, one line each. */
  warnings: string[]
}

/** Every evaluated batch among the files, scored on its own, and the files that were not judge results. */
export interface ScoreSummary {
  reports: ScoreReport[]
  skipped: SkippedFile[]
}

/**
 * Reads the judge files, groups them by the batch they judged, and scores each group as if it
 * had been given alone (the same seed for each).
 */
export async function scoreJudgeFiles(options: ScoreOptions): Promise<ScoreSummary> {
  const {groups, skipped} = await readJudgeGroups(options.judgeFiles)
  const pools = new Map<string, Promise<CalibrationPool>>()
  const reports: ScoreReport[] = []
  for (const group of groups) {
    const model = evaluatedModel(group.table.judges, options.provider)
    let pool: CalibrationPool | undefined
    if (options.calibration !== undefined) {
      const source = poolSource(options.calibration, model)
      if (!pools.has(source)) pools.set(source, readPool(source, options.field))
      pool = await pools.get(source)
    }
    reports.push(scoreGroup(group, {...options, pool}))
  }
  return {reports, skipped}
}

/** The score of the one batch the files judge (`bench run`, `bench demo`); several are refused. */
export async function scoreBatch(options: ScoreOptions): Promise<ScoreReport> {
  const {reports} = await scoreJudgeFiles(options)
  if (reports.length > 1) {
    throw new UserError(`the judge files judge ${reports.length} batches (${reports.map((report) => report.batch ?? 'unnamed').join(', ')}): score one batch at a time`)
  }
  return reports[0]!
}

export interface TableScoreOptions {
  field: ScoreField
  /** The calibration pool (read once by callers that score many models); undefined for the plain jury mean. */
  pool?: CalibrationPool
  /** Provider of the evaluated model, when the judge files do not tell (its rows leave the pool). */
  provider?: string
  resamples: number
  seed: number
  ci?: CiChoice
}

/** The score and its diagnostics of one group of judge files: `bench compare` reads each file once. */
export function scoreGroup(group: JudgeGroup, options: TableScoreOptions): ScoreReport {
  const {table} = group
  const model = evaluatedModel(table.judges, options.provider)
  const calibration = options.pool === undefined ? undefined : calibrationFor(options.pool, model)
  const jury = juryOf(table, options.field)
  if (jury.scored === 0) throw new UserError(`no riddle of ${group.batch ?? 'the judge files'} has a verdict from any judge: check that the judge batches succeeded (\`bench results\`)`)
  const ci: CiChoice = calibration === undefined ? 'full' : (options.ci ?? 'published')

  const estimate = (judgeToLeaveOut?: number, juryHere = judgeToLeaveOut === undefined ? jury : juryOf(table, options.field, judgeToLeaveOut)): {printed: RoundedScore; published?: RoundedScore; full: RoundedScore; remapped: Remapped[]} => {
    if (calibration === undefined) {
      const interval = juryInterval(allStrata(juryHere), table.judges.length - (judgeToLeaveOut === undefined ? 0 : 1))
      const full = roundAround(interval.mean, interval)
      return {printed: full, full, remapped: []}
    }
    const poolJudge = judgeToLeaveOut === undefined ? undefined : poolJudgeIndex(calibration.pool, table.judges[judgeToLeaveOut] as JudgeSource)
    const {strata, remapped} = labelStrata(juryHere.strata, poolStrata(calibration.pool, calibration.provider, poolJudge))
    // A withheld prediction is wrong for certain: a stratum whose label is 0 without sampling.
    const withWithheld: LabelStratum[] = juryHere.withheld === 0 ? strata : [...strata, {count: juryHere.withheld, labelMean: 0, rows: Number.POSITIVE_INFINITY}]
    const published = roundPublished(calibratedMeans(withWithheld, options.resamples, new Random(options.seed)))
    const full = roundAround(published.score / 100, calibratedFullInterval(withWithheld))
    return {printed: ci === 'full' ? full : published, published, full, remapped}
  }

  const {printed, published, full, remapped} = estimate()
  const missing = missingVerdicts(table)
  const n = jury.scored + jury.withheld
  return {
    ...(group.batch !== undefined && {batch: group.batch}),
    score: printed.score,
    '95% CI (±)': printed.half_width,
    method: calibration === undefined ? 'jury mean' : 'calibrated',
    ci,
    field: options.field,
    n,
    rough: n < ROUGH_BELOW,
    seed: options.seed,
    resamples: options.resamples,
    interval: {low: printed.low, high: printed.high},
    intervals: {...(published !== undefined && {published: asInterval(published)}), full: asInterval(full)},
    withheld: {...table.withheld.counts},
    model,
    calibration:
      calibration === undefined
        ? undefined
        : {file: calibration.pool.file, pool_rows: calibration.rows, left_out_provider: calibration.provider, remapped},
    judges: table.judges.map((judge, index) => {
      const own = judgeMean(table, index, options.field)
      return {
        judge: judge.label,
        file: judge.file,
        known_from: judge.known_from,
        verdicts: own.verdicts,
        missing: table.riddles.length - own.verdicts,
        score: roundToTenth(100 * own.mean),
      }
    }),
    ...(table.repeats !== undefined && {
      repeats: {
        ...repeatsReport(table, table.repeats, options.field),
        per_repeat_score: repeatTables(table, table.repeats).map((alone) => {
          const juryAlone = juryOf(alone, options.field)
          if (juryAlone.scored === 0) return null
          const {printed: score} = estimate(undefined, juryAlone)
          return {score: score.score, '95% CI (±)': score.half_width}
        }),
      },
    }),
    agreement: juryAgreement(table, options.field),
    leave_one_judge_out:
      table.judges.length < 2
        ? []
        : table.judges.map((judge, index) => {
            const without = estimate(index)
            const remapped_riddles = without.remapped.reduce((total, entry) => total + entry.riddles, 0)
            return {without: judge.label, score: without.printed.score, '95% CI (±)': without.printed.half_width, remapped_riddles}
          }),
    missing_verdicts: {riddles: missing.length, unscored: table.riddles.length - jury.scored, list: missing},
    warnings: group.warnings,
  }
}

/** The table as repeat k alone would have made it, for each k: a judge asked fewer times has no line there. */
function repeatTables(table: JudgeTable, repeats: readonly Uint8Array[][]): JudgeTable[] {
  const count = Math.max(...repeats.map((judge) => judge.length))
  const none = new Uint8Array(table.riddles.length)
  return Array.from({length: count}, (_, repeat) => ({riddles: table.riddles, judges: table.judges, verdicts: repeats.map((judge) => judge[repeat] ?? none), withheld: table.withheld}))
}

function repeatsReport(table: JudgeTable, repeats: readonly Uint8Array[][], field: ScoreField): Omit<NonNullable<ScoreReport['repeats']>, 'per_repeat_score'> {
  return {
    rule: REPEAT_RULE,
    rule_text: LAYTON_REPEAT_RULE_TEXT,
    judges: table.judges.map((judge, index) => ({
      judge: judge.label,
      files: judge.repeats?.files ?? [judge.file],
      consistency: judgeRepeatConsistency(repeats[index]!, table.riddles.length, field),
    })),
  }
}

function asInterval(rounded: RoundedScore): ScoreInterval {
  return {'95% CI (±)': rounded.half_width, low: rounded.low, high: rounded.high}
}

/** The model the judges judged: every file of a group must agree on it. */
function evaluatedModel(judges: readonly JudgeSource[], providerOverride: string | undefined): ScoreReport['model'] {
  const agreed = <K extends 'provider' | 'model' | 'split' | 'hints' | 'thinking'>(key: K): JudgeSource['evaluated'][K] => {
    const owners = judges.filter((judge) => judge.evaluated[key] !== undefined)
    const first = owners[0]
    // Files name models sanitized (gpt-5-1), batch records as given (gpt-5.1): the same model.
    const other = owners.find((judge) => sanitizeModel(String(judge.evaluated[key])) !== sanitizeModel(String(first?.evaluated[key])))
    if (first !== undefined && other !== undefined) {
      throw new UserError(
        `the judge files judge different ${key}s: ${first.evaluated[key]} (${first.file}) and ${other.evaluated[key]} (${other.file}); score one model at a time`,
      )
    }
    return first?.evaluated[key]
  }
  const model = {provider: providerOverride ?? agreed('provider'), model: agreed('model'), split: agreed('split'), hints: agreed('hints'), thinking: agreed('thinking')}
  return Object.fromEntries(Object.entries(model).filter(([, value]) => value !== undefined))
}

interface Calibration {
  pool: CalibrationPool
  /** The evaluated model's provider, whose rows are left out of the pool. */
  provider: string
  /** Labelled rows of the other providers. */
  rows: number
}

/** The file to read the pool from, after the checks that need no file (so the cheapest mistake is reported first). */
function poolSource(source: string, model: ScoreReport['model']): string {
  requireProvider(model)
  if (source !== 'hub') return source
  // The pool must be the one of the judged split (the original scorer always took `llm`'s).
  if (model.split !== 'llm' && model.split !== 'vlm') {
    throw new UserError('cannot tell the split of the judged answers (llm or vlm) to fetch its calibration pool: pass --calibration ppi_<split>.jsonl')
  }
  return `hub:${model.split}`
}

async function readPool(source: string, field: ScoreField): Promise<CalibrationPool> {
  const split = /^hub:(llm|vlm)$/.exec(source)?.[1] as 'llm' | 'vlm' | undefined
  return readCalibrationPool(split === undefined ? source : await cachedHubFile(calibrationHubFile(split)), field)
}

function requireProvider(model: ScoreReport['model']): string {
  if (model.provider === undefined) {
    throw new UserError('cannot tell which provider made the judged answers (the judge files do not say): pass --provider NAME, so its rows leave the calibration pool')
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
