import {juryInterval, roundAround, type RoundedScore} from '../score/interval.js'
import {Random} from '../score/random.js'
import type {JuryStratum} from '../score/resample.js'
import {percentileInterval} from '../score/stats.js'

/** How the intervals are drawn: the same flags as `bench score`. */
export interface Resampling {
  resamples: number
  seed: number
}

/** A figure in points with its 95% interval, as every benchmark figure is reported. */
export interface Figure {
  n: number
  score: number
  '95% CI (±)': number
  interval: {low: number; high: number}
}

/**
 * The mean of per-question values (1 right, 0 wrong; shares of judges for XSTest) with the same
 * interval as a Layton jury mean (score/interval.ts: Wilson's, continuity-corrected, its trials
 * capped at the number of questions): the one place the method is chosen for benchmarks.
 * Undefined when there is no question to average.
 */
export function meanFigure(values: readonly number[]): Figure | undefined {
  if (values.length === 0) return undefined
  const counts = new Map<number, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  const strata: JuryStratum[] = [...counts].map(([value, count]) => ({value, count}))
  const {mean, ...interval} = juryInterval(strata, 1)
  return toFigure(values.length, roundAround(mean, interval))
}

function toFigure(n: number, rounded: RoundedScore): Figure {
  return {n, score: rounded.score, '95% CI (±)': rounded.half_width, interval: {low: rounded.low, high: rounded.high}}
}

/**
 * A statistic of category counts (BBQ's bias scores) with a bootstrap 95% interval: resampling
 * the n questions with replacement only changes how many fall in each category, a multinomial
 * drawn as sequential binomials, so a replicate costs one draw per category. Replicates where the
 * statistic is undefined (no answer in its denominator) are left out; undefined when it is
 * undefined on the data itself.
 */
export function countsFigure(counts: readonly number[], statistic: (counts: readonly number[]) => number | undefined, resampling: Resampling): Figure | undefined {
  const observed = statistic(counts)
  const n = counts.reduce((sum, count) => sum + count, 0)
  if (observed === undefined || n === 0) return undefined
  const random = new Random(resampling.seed)
  const replicates: number[] = []
  const drawn = new Array<number>(counts.length)
  for (let replicate = 0; replicate < resampling.resamples; replicate++) {
    let remainingDraws = n
    let remainingCount = n
    counts.forEach((count, index) => {
      const draw = count === remainingCount ? remainingDraws : remainingDraws === 0 ? 0 : random.binomial(remainingDraws, count / remainingCount)
      drawn[index] = draw
      remainingDraws -= draw
      remainingCount -= count
    })
    const value = statistic(drawn)
    if (value !== undefined) replicates.push(value)
  }
  return toFigure(n, roundAround(observed, percentileInterval(Float64Array.from(replicates))))
}
