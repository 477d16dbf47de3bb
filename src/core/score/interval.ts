import {percentileInterval} from './stats.js'

/** A score and its 95% interval in points, rounded the way the published leaderboard is. */
export interface RoundedScore {
  /** Points, one decimal. */
  score: number
  /** Half-width of the 95% interval in points, rounded up to one decimal. */
  half_width: number
  /** The 2.5th and 97.5th percentiles of the replicates, in points (unrounded). */
  low: number
  high: number
}

/**
 * The published rounding (reference section 5): the half-width is (floor(1000 * (hi - lo) / 2) + 1) / 10,
 * so never zero; the score is `center` in points, or the interval's midpoint when no center is
 * given (what the calibrated score reports, rather than the replicates' mean).
 */
export function roundScore(replicates: Float64Array, center?: number): RoundedScore {
  const {low, high} = percentileInterval(replicates)
  return {
    score: roundToTenth(100 * (center ?? (low + high) / 2)),
    half_width: (Math.floor((1000 * (high - low)) / 2) + 1) / 10,
    low: 100 * low,
    high: 100 * high,
  }
}

/** numpy's round(x, 1): halves go to the even neighbour, so our scores round like the originals. */
export function roundToTenth(value: number): number {
  const scaled = value * 10
  const floor = Math.floor(scaled)
  const rounded = scaled - floor === 0.5 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(scaled)
  return rounded / 10
}
