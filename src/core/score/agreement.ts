import {hasVerdict, verdictValue, type ScoreField} from './judgement.js'
import {cohenKappa, fleissKappa} from './stats.js'
import type {JudgeTable} from '../jury/judge-files.js'

/** How two judges agree on the riddles both gave a verdict on. */
export interface PairwiseAgreement {
  judges: [string, string]
  n: number
  /** Percent of those riddles on which they agree. */
  percent_agreement: number
  cohen_kappa: number | null
}

export interface JuryAgreement {
  pairs: PairwiseAgreement[]
  /** Over the riddles every judge gave a verdict on; null with fewer than two judges. */
  fleiss_kappa: {n: number; kappa: number | null} | null
}

export function juryAgreement(table: JudgeTable, field: ScoreField): JuryAgreement {
  const judges = table.verdicts.length
  const pairs: PairwiseAgreement[] = []
  for (let first = 0; first < judges; first++) {
    for (let second = first + 1; second < judges; second++) pairs.push(pairAgreement(table, field, first, second))
  }
  return {pairs, fleiss_kappa: judges < 2 ? null : fleissOverComplete(table, field)}
}

function pairAgreement(table: JudgeTable, field: ScoreField, first: number, second: number): PairwiseAgreement {
  const {n, agreement, kappa} = cohenKappa(pairCounts(table, field, first, second))
  const labels: [string, string] = [table.judges[first]!.label, table.judges[second]!.label]
  return {judges: labels, n, percent_agreement: 100 * agreement, cohen_kappa: kappa}
}

/** The 2x2 table of two judges' verdicts over the riddles both judged (summable across models). */
export interface PairCounts {
  bothTrue: number
  onlyFirst: number
  onlySecond: number
  bothFalse: number
}

export function pairCounts(table: JudgeTable, field: ScoreField, first: number, second: number): PairCounts {
  const firstCodes = table.verdicts[first] as Uint8Array
  const secondCodes = table.verdicts[second] as Uint8Array
  const counts = {bothTrue: 0, onlyFirst: 0, onlySecond: 0, bothFalse: 0}
  for (let riddle = 0; riddle < table.riddles.length; riddle++) {
    const a = firstCodes[riddle] as number
    const b = secondCodes[riddle] as number
    if (!hasVerdict(a) || !hasVerdict(b)) continue
    const firstTrue = verdictValue(a, field)
    const secondTrue = verdictValue(b, field)
    if (firstTrue && secondTrue) counts.bothTrue += 1
    else if (firstTrue) counts.onlyFirst += 1
    else if (secondTrue) counts.onlySecond += 1
    else counts.bothFalse += 1
  }
  return counts
}

/** Fleiss' kappa needs the same raters on every item: only riddles every judge answered count. */
function fleissOverComplete(table: JudgeTable, field: ScoreField): {n: number; kappa: number | null} {
  const judges = table.verdicts.length
  // Binary verdicts: a riddle is fully described by how many judges said true.
  const riddlesByTrueCount = new Array<number>(judges + 1).fill(0)
  let n = 0
  for (let riddle = 0; riddle < table.riddles.length; riddle++) {
    let trues = 0
    let complete = true
    for (let judge = 0; judge < judges && complete; judge++) {
      const code = (table.verdicts[judge] as Uint8Array)[riddle] as number
      complete = hasVerdict(code)
      if (complete && verdictValue(code, field)) trues += 1
    }
    if (!complete) continue
    riddlesByTrueCount[trues] = (riddlesByTrueCount[trues] ?? 0) + 1
    n += 1
  }
  const rows = riddlesByTrueCount.map((_, trues) => [trues, judges - trues])
  return {n, kappa: n === 0 ? null : fleissKappa(rows, riddlesByTrueCount)}
}
