import {PairedSums, StrataCounter, mcnemarExact, minimumDetectableDifference} from './paired-statistics.js'
import {Random} from '../score/random.js'
import {bootstrapMeans} from '../score/resample.js'
import {percentileInterval} from '../score/stats.js'

/** Two models of one leaderboard, compared on the riddles both have; differences are first minus second, in points. */
export type PairComparison = ComparedPair | NotCompared

/** Two models with no riddle in common: no test says anything about them. */
export interface NotCompared {
  board: string
  first: string
  second: string
  compared: false
  n: 0
}

export interface ComparedPair extends PairNumbers {
  board: string
  first: string
  second: string
  compared: true
}

export interface PairNumbers {
  /** Riddles both have a jury value on. */
  n: number
  difference: number
  /** Paired bootstrap 95% interval of the mean difference (riddles resampled together). */
  interval: {low: number; high: number}
  /** The interval leaves out 0. */
  significant: boolean
  /**
   * McNemar's exact test on the binary outcome: a riddle counts as solved when its jury value is
   * above 1/2 (most judges said correct). Significant below p = 0.05.
   */
  mcnemar: {first_only: number; second_only: number; p_value: number; significant: boolean}
  /**
   * The paired bootstrap and McNemar disagree: they test different outcomes (the mean jury value,
   * where a split jury counts 1/3 or 2/3, against solved or not), so one can see a difference the
   * other does not.
   */
  tests_disagree: boolean
  /** Pearson correlation of the two models' jury values over the shared riddles; null when one does not vary. */
  correlation: number | null
  /** Smallest true difference (points) this n detects at the 5% level with 80% power. */
  minimum_detectable_difference: number
  /** Not significant, and the observed difference is below the detectable one: n is too small to tell them apart. */
  underpowered: boolean
}

export interface PairOptions {
  resamples: number
  seed: number
}

/**
 * Every pair of models on the same leaderboard (`boards[i]` is model i's), the first of each pair
 * being the one listed first in `labels`. Models of different boards are never compared.
 */
export function comparePairs(labels: readonly string[], boards: readonly string[], values: readonly Float64Array[], options: PairOptions): PairComparison[] {
  const pairs: PairComparison[] = []
  for (let first = 0; first < labels.length; first++) {
    for (let second = first + 1; second < labels.length; second++) {
      const board = boards[first] as string
      if (boards[second] !== board) continue
      const names = {board, first: labels[first] as string, second: labels[second] as string}
      const comparison = comparePair(values[first] as Float64Array, values[second] as Float64Array, options)
      pairs.push(comparison === undefined ? {...names, compared: false, n: 0} : {...names, compared: true, ...comparison})
    }
  }
  return pairs
}

/** Undefined when the two models share no riddle. */
export function comparePair(first: Float64Array, second: Float64Array, options: PairOptions): PairNumbers | undefined {
  const sums = new PairedSums()
  const differences = new StrataCounter()
  let firstOnly = 0
  let secondOnly = 0
  for (let riddle = 0; riddle < first.length; riddle++) {
    const a = first[riddle] as number
    const b = second[riddle] as number
    if (Number.isNaN(a) || Number.isNaN(b)) continue
    sums.add(a, b)
    differences.add(a - b)
    const solvedFirst = a > 0.5
    const solvedSecond = b > 0.5
    if (solvedFirst && !solvedSecond) firstOnly += 1
    else if (solvedSecond && !solvedFirst) secondOnly += 1
  }
  if (sums.n === 0) return undefined
  // Resampling riddles keeps each riddle's pair together; the difference takes few distinct
  // values, so the bootstrap of score/resample.ts costs one binomial per value per replicate.
  const {low, high} = percentileInterval(bootstrapMeans(differences.strata(), options.resamples, new Random(options.seed)))
  const difference = 100 * sums.meanDifference()
  // The strata's values are rounded to 1e-9, so an interval ending at 0 may miss it by that much.
  const significant = low > 1e-8 || high < -1e-8
  const detectable = 100 * minimumDetectableDifference(sums.differenceDeviation(), sums.n)
  const pValue = mcnemarExact(firstOnly, secondOnly)
  return {
    n: sums.n,
    difference,
    interval: {low: 100 * low, high: 100 * high},
    significant,
    mcnemar: {first_only: firstOnly, second_only: secondOnly, p_value: pValue, significant: pValue < 0.05},
    tests_disagree: significant !== pValue < 0.05,
    correlation: sums.correlation(),
    minimum_detectable_difference: detectable,
    underpowered: !significant && !(Math.abs(difference) >= detectable),
  }
}
