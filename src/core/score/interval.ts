import {percentileInterval} from './stats.js'
import type {JuryStratum} from './resample.js'

/** A 95% interval of a score, as proportions (0 to 1). */
export interface Interval {
  low: number
  high: number
}

/** z of a two-sided 95% interval: the standard normal's 97.5th percentile. */
const Z = 1.959963984540054

/** Below this many riddles the interval's coverage was not checked (scripts/interval-coverage.js): it is rough. */
export const ROUGH_BELOW = 30

/**
 * Wilson's score interval with continuity correction (Newcombe 1998, method 4) for a proportion
 * `estimate` measured on `trials` (at least 1) Bernoulli trials. `trials` may be fractional: the effective
 * number of trials of a mean of values in [0, 1] (see juryInterval). Chosen by simulation
 * (scripts/interval-coverage.js, the table in the README): the percentile bootstrap covered the
 * truth 89 to 93% of the time at 50 riddles; this interval covers it at least 95% of the time
 * at every size and score checked, and stays one-sided and honest at 0% and 100%.
 */
export function wilsonInterval(estimate: number, trials: number): Interval {
  if (!(trials >= 1)) throw new RangeError(`an interval needs at least one trial, got ${trials}`)
  const p = Math.min(1, Math.max(0, estimate))
  const z2 = Z * Z
  const denominator = 2 * (trials + z2)
  const low = p === 0 ? 0 : (2 * trials * p + z2 - 1 - Z * Math.sqrt(z2 - 2 - 1 / trials + 4 * p * (trials * (1 - p) + 1))) / denominator
  const high = p === 1 ? 1 : (2 * trials * p + z2 + 1 + Z * Math.sqrt(z2 + 2 - 1 / trials + 4 * p * (trials * (1 - p) - 1))) / denominator
  return {low: Math.max(0, Math.min(low, p)), high: Math.min(1, Math.max(high, p))}
}

/**
 * How many riddles' worth of a proportion's variance the jury values' variance is shrunk toward.
 * A few split juries say little about the variance: unshrunk, at 30 riddles the interval covered
 * the truth 93.7% of the time; with 10, at least 95% at every size and score checked
 * (scripts/interval-coverage.js, judges wrong 0%, 1.5% and 5% of the time).
 */
const VARIANCE_PRIOR_RIDDLES = 10

/**
 * The interval of a jury mean over riddles. A riddle's jury value is the mean of `judges` booleans,
 * so the mean over n riddles is worth between n trials (judges always unanimous: a proportion's
 * variance) and n x judges trials (verdicts independent). The effective number of trials,
 * n p(1 - p) / the variance of the riddles' values (Kish's design effect), says where it lies;
 * the variance is shrunk toward p(1 - p) by VARIANCE_PRIOR_RIDDLES riddles.
 */
export function juryInterval(strata: readonly JuryStratum[], judges: number): Interval & {mean: number; n: number} {
  const {n, mean, variance} = moments(strata)
  const bernoulli = mean * (1 - mean)
  const shrunk = (n * variance + VARIANCE_PRIOR_RIDDLES * bernoulli) / (n + VARIANCE_PRIOR_RIDDLES)
  const most = n * Math.max(1, judges)
  const trials = bernoulli === 0 ? n : Math.min(most, (n * bernoulli) / shrunk)
  return {...wilsonInterval(mean, trials), mean, n}
}

/** Count, mean and variance (divided by n) of values given as strata. */
export function moments(strata: readonly JuryStratum[]): {n: number; mean: number; variance: number} {
  let n = 0
  let sum = 0
  for (const {value, count} of strata) {
    n += count
    sum += value * count
  }
  const mean = n === 0 ? Number.NaN : sum / n
  let squares = 0
  for (const {value, count} of strata) squares += count * (value - mean) ** 2
  return {n, mean, variance: n === 0 ? Number.NaN : squares / n}
}

/** A score and its 95% interval in points, as printed. */
export interface RoundedScore {
  /** Points, one decimal. */
  score: number
  /** What `95% CI (±)` prints, in points: rounded up, so score ± it holds the whole interval. */
  half_width: number
  /** The interval's ends in points (unrounded): both, since the interval need not be symmetric. */
  low: number
  high: number
}

/**
 * The published rounding of the calibrated score (reference section 5): the percentiles of the
 * replicates; the score is their midpoint; the half-width (floor(1000 * (hi - lo) / 2) + 1) / 10,
 * never zero.
 */
export function roundPublished(replicates: Float64Array): RoundedScore {
  const {low, high} = percentileInterval(replicates)
  return {
    score: roundToTenth(100 * ((low + high) / 2)),
    half_width: (Math.floor((1000 * (high - low)) / 2) + 1) / 10,
    low: 100 * low,
    high: 100 * high,
  }
}

/**
 * `score` in points with an interval that may be asymmetric (near 0% or 100%): the printed
 * half-width is the farther end's distance, rounded up to a tenth, so `score ± half-width`
 * never claims less uncertainty than the interval has.
 */
export function roundAround(estimate: number, interval: Interval): RoundedScore {
  const score = roundToTenth(100 * estimate)
  const farther = Math.max(score - 100 * interval.low, 100 * interval.high - score)
  return {score, half_width: Math.max(0.1, Math.ceil(10 * farther - 1e-9) / 10), low: 100 * interval.low, high: 100 * interval.high}
}

/** numpy's round(x, 1): halves go to the even neighbour, so our scores round like the originals. */
export function roundToTenth(value: number): number {
  const scaled = value * 10
  const floor = Math.floor(scaled)
  const rounded = scaled - floor === 0.5 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(scaled)
  return rounded / 10
}
