import type {Evaluation} from './evaluations.js'
import type {JudgeSource} from '../jury/judge-files.js'
import {pairCounts, type PairCounts} from '../score/agreement.js'
import type {CalibrationPool} from '../score/calibration.js'
import {roundToTenth} from '../score/interval.js'
import type {ScoreField} from '../score/judgement.js'
import {poolJudgeIndex} from '../score/score.js'
import {cohenKappa} from '../score/stats.js'

/** A judge against the human labels of the calibration file; rates in percent. */
export interface HumanAgreement {
  /** Labelled rows this judge gave a verdict on. */
  n: number
  accuracy: number
  /** Of the answers the judge called correct, the share humans did. */
  precision: number | null
  /** Of the answers humans called correct, the share the judge did. */
  recall: number | null
  f1: number | null
  cohen_kappa: number | null
}

export interface JudgeSummary {
  judge: string
  provider?: string
  models_judged: number
  /** Riddles the judge was asked about, over every model it judged. */
  riddles: number
  /** Of those, how many got no verdict (failed request, unreadable text, or no line); percent. */
  failure_rate: number
  /** Null without a calibration file, or when the file has no column for this judge. */
  human: HumanAgreement | null
}

/** Two judges over every riddle of every model both judged. */
export interface JudgePairAgreement {
  judges: [string, string]
  n: number
  percent_agreement: number
  cohen_kappa: number | null
}

/** What one judge says of one model. */
export interface JudgeOnModel {
  model: string
  judge: string
  /** The judge is of the evaluated model's own vendor: its verdicts may favour its kin. */
  same_vendor: boolean
  /** The judge alone: share of its verdicts that say the field is true, in points. */
  score: number
  /** The model's leaderboard score without this judge, and the change (without minus with), in points. */
  without: {score: number; '95% CI (±)': number; effect: number} | null
}

export interface JudgeComparison {
  judges: JudgeSummary[]
  agreement: JudgePairAgreement[]
  by_model: JudgeOnModel[]
}

export function compareJudges(evaluations: readonly Evaluation[], labels: readonly string[], field: ScoreField, pool: CalibrationPool | undefined): JudgeComparison {
  const sources = new Map<string, JudgeSource>()
  const tallies = new Map<string, {models: number; riddles: number; missing: number}>()
  const pairs = new Map<string, {judges: [string, string]; counts: PairCounts}>()
  const byModel: JudgeOnModel[] = []
  evaluations.forEach((evaluation, index) => {
    const {table, report} = evaluation
    table.judges.forEach((judge, judgeIndex) => {
      sources.set(judge.label, judge)
      const own = report.judges[judgeIndex] as ScoreJudge
      const tally = tallies.get(judge.label) ?? {models: 0, riddles: 0, missing: 0}
      tally.models += 1
      tally.riddles += table.riddles.length
      tally.missing += own.missing
      tallies.set(judge.label, tally)
      const without = report.leave_one_judge_out.find((entry) => entry.without === judge.label)
      byModel.push({
        model: labels[index] as string,
        judge: judge.label,
        same_vendor: judge.judge.provider !== undefined && judge.judge.provider === report.model.provider,
        score: own.score,
        without: without === undefined ? null : {score: without.score, '95% CI (±)': without['95% CI (±)'], effect: roundToTenth(without.score - report.score)},
      })
      for (let other = judgeIndex + 1; other < table.judges.length; other++) {
        const names = [judge.label, (table.judges[other] as JudgeSource).label] as [string, string]
        const ordered = names[0] < names[1]
        const key = ordered ? names.join('\n') : [names[1], names[0]].join('\n')
        const counts = pairCounts(table, field, ordered ? judgeIndex : other, ordered ? other : judgeIndex)
        const entry = pairs.get(key) ?? {judges: ordered ? names : [names[1], names[0]], counts: {bothTrue: 0, onlyFirst: 0, onlySecond: 0, bothFalse: 0}}
        entry.counts.bothTrue += counts.bothTrue
        entry.counts.onlyFirst += counts.onlyFirst
        entry.counts.onlySecond += counts.onlySecond
        entry.counts.bothFalse += counts.bothFalse
        pairs.set(key, entry)
      }
    })
  })
  const judges = [...tallies].sort(([a], [b]) => a.localeCompare(b)).map(([label, tally]): JudgeSummary => {
    const source = sources.get(label) as JudgeSource
    const column = pool === undefined ? undefined : poolJudgeIndex(pool, source)
    return {
      judge: label,
      provider: source.judge.provider,
      models_judged: tally.models,
      riddles: tally.riddles,
      failure_rate: tally.riddles === 0 ? 0 : (100 * tally.missing) / tally.riddles,
      human: pool === undefined || column === undefined ? null : humanAgreement(pool, column),
    }
  })
  const agreement = [...pairs.values()]
    .sort((a, b) => a.judges.join().localeCompare(b.judges.join()))
    .map(({judges: names, counts}) => {
      const {n, agreement: share, kappa} = cohenKappa(counts)
      return {judges: names, n, percent_agreement: 100 * share, cohen_kappa: kappa}
    })
  return {judges, agreement, by_model: byModel}
}

type ScoreJudge = Evaluation['report']['judges'][number]

/** The judge's column of the calibration file against its human labels, over the rows it judged. */
export function humanAgreement(pool: CalibrationPool, column: number): HumanAgreement {
  const counts = {bothTrue: 0, onlyFirst: 0, onlySecond: 0, bothFalse: 0}
  for (const row of pool.rows) {
    const verdict = row.verdicts[column]
    if (verdict === null || verdict === undefined) continue
    if (verdict && row.label === 1) counts.bothTrue += 1
    else if (verdict) counts.onlyFirst += 1
    else if (row.label === 1) counts.onlySecond += 1
    else counts.bothFalse += 1
  }
  const {n, agreement, kappa} = cohenKappa(counts)
  const share = (part: number, whole: number): number | null => (whole === 0 ? null : (100 * part) / whole)
  const precision = share(counts.bothTrue, counts.bothTrue + counts.onlyFirst)
  const recall = share(counts.bothTrue, counts.bothTrue + counts.onlySecond)
  const f1 = precision === null || recall === null || precision + recall === 0 ? null : (2 * precision * recall) / (precision + recall)
  return {n, accuracy: 100 * agreement, precision, recall, f1, cohen_kappa: kappa}
}
