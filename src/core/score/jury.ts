import {hasVerdict, verdictValue, type ScoreField} from './judgement.js'
import type {JuryStratum} from './resample.js'
import type {JudgeTable} from '../jury/judge-files.js'
import {totalWithheld} from '../jury/withheld.js'

/** The jury of every riddle: its distinct values and how many riddles have no verdict at all. */
export interface Jury {
  /** Distinct jury values of the judged riddles, ascending, with their riddle counts. */
  strata: JuryStratum[]
  /** Riddles with at least one verdict. */
  scored: number
  /** Predictions withheld from the judges (refused, blocked, truncated): certainly incorrect. */
  withheld: number
  /** Mean jury value over scored and withheld riddles, 0 to 1. */
  mean: number
}

/** The strata with the withheld riddles added at 0: every riddle the score counts. */
export function allStrata(jury: Jury): JuryStratum[] {
  if (jury.withheld === 0) return jury.strata
  const zero = jury.strata.find((stratum) => stratum.value === 0)
  const rest = jury.strata.filter((stratum) => stratum !== zero)
  return [{value: 0, count: (zero?.count ?? 0) + jury.withheld}, ...rest]
}

/**
 * Per riddle, the jury value is the MEAN of the available judges' booleans for the field (not a
 * majority vote); a judge without a verdict is left out of that riddle's mean. `excludeJudge`
 * leaves one judge out everywhere (leave-one-judge-out scores).
 */
export function juryOf(table: JudgeTable, field: ScoreField, excludeJudge?: number): Jury {
  const judges = table.verdicts.length
  // Count riddles per (positives, judged) pair first: a flat array, one increment per riddle.
  const tally = new Float64Array((judges + 1) * (judges + 1))
  for (let riddle = 0; riddle < table.riddles.length; riddle++) {
    let judged = 0
    let positives = 0
    for (let judge = 0; judge < judges; judge++) {
      if (judge === excludeJudge) continue
      const code = (table.verdicts[judge] as Uint8Array)[riddle] as number
      if (!hasVerdict(code)) continue
      judged += 1
      if (verdictValue(code, field)) positives += 1
    }
    const slot = positives * (judges + 1) + judged
    tally[slot] = (tally[slot] as number) + 1
  }
  // Equal fractions (1/2, 2/4) divide to the same double, so the value is an exact key.
  const counts = new Map<number, number>()
  let scored = 0
  let sum = 0
  tally.forEach((count, index) => {
    const judged = index % (judges + 1)
    if (count === 0 || judged === 0) return
    const value = Math.floor(index / (judges + 1)) / judged
    counts.set(value, (counts.get(value) ?? 0) + count)
    scored += count
    sum += value * count
  })
  const strata = [...counts].map(([value, count]) => ({value, count})).sort((a, b) => a.value - b.value)
  const withheld = totalWithheld(table.withheld.counts)
  return {strata, scored, withheld, mean: scored + withheld === 0 ? Number.NaN : sum / (scored + withheld)}
}

/** One judge's own verdicts: how many, and the share of the field that is true. */
export interface JudgeMean {
  verdicts: number
  mean: number
}

export function judgeMean(table: JudgeTable, judge: number, field: ScoreField): JudgeMean {
  const codes = table.verdicts[judge] as Uint8Array
  let verdicts = 0
  let positives = 0
  for (let riddle = 0; riddle < table.riddles.length; riddle++) {
    const code = codes[riddle] as number
    if (!hasVerdict(code)) continue
    verdicts += 1
    if (verdictValue(code, field)) positives += 1
  }
  return {verdicts, mean: verdicts === 0 ? Number.NaN : positives / verdicts}
}

/** A riddle some judge gave no verdict on, and which judges (by label). */
export interface MissingVerdict {
  custom_id: string
  judges: string[]
}

export function missingVerdicts(table: JudgeTable): MissingVerdict[] {
  const missing: MissingVerdict[] = []
  for (let riddle = 0; riddle < table.riddles.length; riddle++) {
    if (table.verdicts.every((codes) => hasVerdict(codes[riddle] as number))) continue
    const judges = table.judges.filter((_, judge) => !hasVerdict((table.verdicts[judge] as Uint8Array)[riddle] as number))
    if (judges.length > 0) missing.push({custom_id: table.riddles[riddle] as string, judges: judges.map((judge) => judge.label)})
  }
  return missing
}
