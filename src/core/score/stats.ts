/**
 * Small statistics the scorer reports, written here rather than taken from a library:
 * simple-statistics' quantile is not numpy's linear interpolation (the one the published
 * leaderboard used) and it has no kappa, and a sum was all else bench used of it. The tests
 * check these against it where the definitions coincide.
 */

/**
 * The p-th quantile (0 <= p <= 1) of ascending `sorted` values by linear interpolation between
 * the closest ranks: numpy's default `percentile`, Hyndman and Fan's type 7.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample')
  const position = (sorted.length - 1) * p
  const below = Math.floor(position)
  const above = Math.min(below + 1, sorted.length - 1)
  const low = sorted[below] as number
  const high = sorted[above] as number
  return low + (high - low) * (position - below)
}

/** Percentile interval of `values` (sorted in place): [lower, upper] at the given coverage. */
export function percentileInterval(values: Float64Array, coverage = 0.95): {low: number; high: number} {
  values.sort()
  const tail = (1 - coverage) / 2
  return {low: quantileSorted(values, tail), high: quantileSorted(values, 1 - tail)}
}

/** Agreement of two raters on the same items: observed share and Cohen's kappa. */
export interface PairAgreement {
  /** Items both rated. */
  n: number
  /** Share of those items on which they agree, 0 to 1. */
  agreement: number
  /** (observed - chance) / (1 - chance); null when chance agreement is 1 (both gave one answer throughout). */
  kappa: number | null
}

/**
 * Cohen's kappa for two binary raters, from the 2x2 table of counts:
 * `bothTrue`, `onlyFirst` (first true, second false), `onlySecond`, `bothFalse`.
 */
export function cohenKappa(table: {bothTrue: number; onlyFirst: number; onlySecond: number; bothFalse: number}): PairAgreement {
  const n = table.bothTrue + table.onlyFirst + table.onlySecond + table.bothFalse
  if (n === 0) return {n, agreement: Number.NaN, kappa: null}
  const observed = (table.bothTrue + table.bothFalse) / n
  const firstTrue = (table.bothTrue + table.onlyFirst) / n
  const secondTrue = (table.bothTrue + table.onlySecond) / n
  const chance = firstTrue * secondTrue + (1 - firstTrue) * (1 - secondTrue)
  return {n, agreement: observed, kappa: chance === 1 ? null : (observed - chance) / (1 - chance)}
}

/**
 * Fleiss' kappa: `counts[i][j]` is how many raters put item i in category j; every item must
 * have the same number of raters (at least two). `repeats[i]` (default 1) counts row i that many
 * times, so a million binary items fit in a few rows. Null when chance agreement is 1.
 */
export function fleissKappa(counts: readonly (readonly number[])[], repeats?: readonly number[]): number | null {
  const first = counts[0]
  if (first === undefined) return null
  const raters = sum(first)
  if (raters < 2) throw new RangeError('Fleiss kappa needs at least two raters per item')
  const categoryTotals = new Array<number>(first.length).fill(0)
  let items = 0
  let observedSum = 0
  counts.forEach((row, index) => {
    if (sum(row) !== raters) throw new RangeError('Fleiss kappa needs the same number of raters for every item')
    const times = repeats?.[index] ?? 1
    let pairs = 0
    row.forEach((count, category) => {
      categoryTotals[category] = (categoryTotals[category] ?? 0) + count * times
      pairs += count * (count - 1)
    })
    items += times
    observedSum += (times * pairs) / (raters * (raters - 1))
  })
  if (items === 0) return null
  const observed = observedSum / items
  const chance = categoryTotals.reduce((total, count) => total + (count / (items * raters)) ** 2, 0)
  return chance === 1 ? null : (observed - chance) / (1 - chance)
}

function sum(values: readonly number[]): number {
  let total = 0
  for (const value of values) total += value
  return total
}
