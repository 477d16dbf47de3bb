import {majorityOf} from './repeats.js'
import {fleissKappa} from '../score/stats.js'

/**
 * One judge's verdicts on each item, one slot per repeat (undefined: that repeat gave no
 * verdict). Values are categories: 0/1 for pass or fail, the grade for a scale.
 */
export type RepeatVerdicts = readonly (readonly (number | undefined)[])[]

/** How far a judge agrees with itself when asked the same thing again. */
export interface RepeatConsistency {
  repeats: number
  /** Items every repeat gave a verdict on: the only ones the figures below count. */
  complete_items: number
  /** Share of those items on which all repeats gave the same verdict, 0 to 1; null without any. */
  all_agree: number | null
  /** Fleiss' kappa with the repeats as raters; null with one repeat, no complete item, or one value throughout. */
  fleiss_kappa: number | null
  /** The mean verdict each repeat alone gives (over the items it judged), in the verdicts' own units. */
  per_repeat_mean: (number | null)[]
}

export function repeatConsistency(verdicts: RepeatVerdicts, repeats: number): RepeatConsistency {
  const complete = verdicts.filter((item) => item.length >= repeats && item.slice(0, repeats).every((value) => value !== undefined)) as number[][]
  const categories = [...new Set(complete.flat())].sort((a, b) => a - b)
  const agreeing = complete.filter((item) => item.slice(0, repeats).every((value) => value === item[0])).length
  const rows = complete.map((item) => categories.map((category) => item.slice(0, repeats).filter((value) => value === category).length))
  const perRepeat: (number | null)[] = []
  for (let repeat = 0; repeat < repeats; repeat++) {
    const values = verdicts.map((item) => item[repeat]).filter((value): value is number => value !== undefined)
    perRepeat.push(values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length)
  }
  return {
    repeats,
    complete_items: complete.length,
    all_agree: complete.length === 0 ? null : agreeing / complete.length,
    fleiss_kappa: repeats < 2 || complete.length === 0 || categories.length === 0 ? null : fleissKappa(rows),
    per_repeat_mean: perRepeat,
  }
}

/** An item's verdict under the stated rule (repeats.ts REPEAT_RULE): the majority of its repeats. */
export function ruledVerdict(item: readonly (number | undefined)[]): number | undefined {
  return majorityOf(item)
}
