import type {JuryStratum} from '../score/resample.js'

/**
 * Exact two-sided McNemar test: of the `discordant` riddles on which exactly one of two models was
 * right, `firstOnly` went to the first. Under no difference that count is Binomial(discordant, 1/2);
 * the p-value doubles the smaller tail (capped at 1). 1 when there are no discordant riddles.
 */
export function mcnemarExact(firstOnly: number, secondOnly: number): number {
  const discordant = firstOnly + secondOnly
  if (discordant === 0) return 1
  const smaller = Math.min(firstOnly, secondOnly)
  // Sum the tail in log space: C(n, k) / 2^n underflows for n in the thousands.
  let logTerm = -discordant * Math.LN2
  let tail = Math.exp(logTerm)
  for (let k = 0; k < smaller; k++) {
    logTerm += Math.log(discordant - k) - Math.log(k + 1)
    tail += Math.exp(logTerm)
  }
  return Math.min(1, 2 * tail)
}

/** Running sums of paired values, enough for their means, spread and correlation. */
export class PairedSums {
  n = 0
  private sumFirst = 0
  private sumSecond = 0
  private sumFirstSquares = 0
  private sumSecondSquares = 0
  private sumProducts = 0

  add(first: number, second: number): void {
    this.n += 1
    this.sumFirst += first
    this.sumSecond += second
    this.sumFirstSquares += first * first
    this.sumSecondSquares += second * second
    this.sumProducts += first * second
  }

  meanDifference(): number {
    return (this.sumFirst - this.sumSecond) / this.n
  }

  /** Sample standard deviation of the differences (n - 1 in the denominator). */
  differenceDeviation(): number {
    if (this.n < 2) return Number.NaN
    const sumSquares = this.sumFirstSquares + this.sumSecondSquares - 2 * this.sumProducts
    const variance = (sumSquares - this.n * this.meanDifference() ** 2) / (this.n - 1)
    return Math.sqrt(Math.max(0, variance))
  }

  /** Pearson's correlation; null when either side does not vary (every riddle right, say). */
  correlation(): number | null {
    const covariance = this.sumProducts - (this.sumFirst * this.sumSecond) / this.n
    const firstSpread = this.sumFirstSquares - this.sumFirst ** 2 / this.n
    const secondSpread = this.sumSecondSquares - this.sumSecond ** 2 / this.n
    if (firstSpread <= 1e-12 || secondSpread <= 1e-12) return null
    return covariance / Math.sqrt(firstSpread * secondSpread)
  }
}

/** z for a two-sided 5% test plus z for 80% power: 1.959964 + 0.841621. */
const Z_SUM_80_POWER = 2.801585

/**
 * The smallest true mean difference a paired test at the 5% level detects with 80% power, given
 * the spread of the differences and n: below it, "no significant difference" says little.
 */
export function minimumDetectableDifference(deviation: number, n: number): number {
  return (Z_SUM_80_POWER * deviation) / Math.sqrt(n)
}

/** Values grouped into strata for the bootstrap of score/resample.ts (few distinct values, many riddles). */
export class StrataCounter {
  private readonly counts = new Map<number, number>()

  add(value: number): void {
    // 2/3 - 1/3 and 1/3 - 0 differ in the last bit: one key each would only multiply the strata.
    const key = Math.round(value * 1e9) / 1e9
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
  }

  strata(): JuryStratum[] {
    return [...this.counts].map(([value, count]) => ({value, count})).sort((a, b) => a.value - b.value)
  }
}
