import type {PoolStratum} from './calibration.js'
import {wilsonInterval, type Interval} from './interval.js'
import type {JuryStratum, LabelStratum} from './resample.js'
import {UserError} from '../errors.js'

/** Riddles whose jury value has no stratum in the pool, and the pool values used instead. */
export interface Remapped {
  jury_value: number
  riddles: number
  /** The nearest pool value; two when the jury value lies halfway (their rows are pooled). */
  mapped_to: number[]
}

/**
 * Pairs each jury value with the pool rows of the same value. A value the pool lacks (a riddle
 * with a missing verdict: 1/2 from two judges) takes the nearest pool value, or both neighbours'
 * rows pooled when halfway, instead of crashing like the original; every such case is reported.
 */
export function labelStrata(jury: readonly JuryStratum[], pool: ReadonlyMap<number, PoolStratum>): {strata: LabelStratum[]; remapped: Remapped[]} {
  const poolValues = [...pool.keys()]
  if (poolValues.length === 0) throw new UserError('the calibration pool is empty once the evaluated provider is left out: pass a calibration file with rows of other providers')
  const strata: LabelStratum[] = []
  const remapped: Remapped[] = []
  for (const {value, count} of jury) {
    const exact = pool.get(value)
    const targets = exact !== undefined ? [value] : nearest(poolValues, value)
    if (exact === undefined) remapped.push({jury_value: value, riddles: count, mapped_to: targets})
    let rows = 0
    let positives = 0
    for (const target of targets) {
      const stratum = pool.get(target) as PoolStratum
      rows += stratum.rows
      positives += stratum.positives
    }
    strata.push({count, labelMean: positives / rows, rows})
  }
  return {strata, remapped}
}

function nearest(values: readonly number[], value: number): number[] {
  const distance = Math.min(...values.map((candidate) => Math.abs(candidate - value)))
  // 1/2 lies at the same distance from 1/3 and 2/3 up to rounding: treat near-equal as a tie.
  return values.filter((candidate) => Math.abs(candidate - value) - distance < 1e-9).sort((a, b) => a - b)
}

/** The calibrated estimate: each riddle counts the mean human label of its stratum's pool rows. */
export function calibratedMean(strata: readonly LabelStratum[]): number {
  let riddles = 0
  let sum = 0
  for (const {count, labelMean} of strata) {
    riddles += count
    sum += count * labelMean
  }
  return sum / riddles
}

/**
 * The `--ci full` interval of the calibrated score: it also counts which riddles were drawn, and
 * that each stratum's label mean is itself measured on a sample of pool rows. Resampling the
 * riddles and then a human label for each (what the published method does for the labels) gives
 * a proportion's variance, p(1 - p) / n; the pool adds the sum over strata of
 * (count / n)^2 * m(1 - m) / rows. The interval is Wilson's, on the effective number of trials
 * p(1 - p) / variance (scripts/interval-coverage.js checks its coverage).
 */
export function calibratedFullInterval(strata: readonly LabelStratum[]): Interval & {mean: number} {
  const mean = calibratedMean(strata)
  const riddles = strata.reduce((total, stratum) => total + stratum.count, 0)
  const bernoulli = mean * (1 - mean)
  let poolVariance = 0
  for (const {count, labelMean, rows} of strata) poolVariance += ((count / riddles) ** 2 * labelMean * (1 - labelMean)) / rows
  const variance = bernoulli / riddles + poolVariance
  const trials = variance > 0 ? Math.max(1, bernoulli / variance) : riddles
  return {...wilsonInterval(mean, trials), mean}
}
