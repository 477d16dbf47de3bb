/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through splitmix32) with the
 * one distribution the scorer needs: binomial. Seeded so that `bench score --seed N` prints the
 * same numbers on every machine; Math.random cannot be seeded.
 */
export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    // splitmix32 spreads any integer seed (even 0) over the 128-bit state, which must not be all zero.
    let state = seed >>> 0
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0
      let z = state
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotateLeft(Math.imul(this.b, 5), 7), 9) >>> 0
    const shifted = this.b << 9
    this.c ^= this.a
    this.d ^= this.b
    this.b ^= this.c
    this.a ^= this.d
    this.c ^= shifted
    this.d = rotateLeft(this.d, 11)
    return result
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number {
    const high = this.uint32() >>> 5
    const low = this.uint32() >>> 6
    return (high * 67_108_864 + low) / 9_007_199_254_740_992
  }

  /**
   * Number of successes in `trials` independent trials of probability `probability`. Exact in
   * distribution; constant expected time whatever the number of trials (BTRD), so a bootstrap
   * over a million riddles costs the same as one over a hundred.
   */
  binomial(trials: number, probability: number): number {
    if (!Number.isInteger(trials) || trials < 0) throw new RangeError(`binomial trials must be a non-negative integer, got ${trials}`)
    if (!(probability >= 0 && probability <= 1)) throw new RangeError(`binomial probability must be in [0, 1], got ${probability}`)
    if (trials === 0 || probability === 0) return 0
    if (probability === 1) return trials
    if (probability > 0.5) return trials - this.binomial(trials, 1 - probability)
    return trials * probability < 10 ? this.binomialInversion(trials, probability) : this.binomialBtrd(trials, probability)
  }

  /** Sequential search of the cumulative distribution: fast when the mean is small. */
  private binomialInversion(trials: number, probability: number): number {
    const odds = probability / (1 - probability)
    const start = Math.pow(1 - probability, trials)
    for (;;) {
      let mass = start
      let uniform = this.float()
      let successes = 0
      while (uniform > mass && successes < trials) {
        uniform -= mass
        successes += 1
        mass *= ((trials - successes + 1) / successes) * odds
      }
      // Rounding can leave a sliver of probability past the last mass: draw again rather than bias the tail.
      if (uniform <= mass) return successes
    }
  }

  /** Hörmann (1993), "The generation of binomial random variates", algorithm BTRD; needs trials * probability >= 10. */
  private binomialBtrd(trials: number, probability: number): number {
    const mode = Math.floor((trials + 1) * probability)
    const odds = probability / (1 - probability)
    const scaledOdds = (trials + 1) * odds
    const variance = trials * probability * (1 - probability)
    const spread = Math.sqrt(variance)
    const b = 1.15 + 2.53 * spread
    const a = -0.0873 + 0.0248 * b + 0.01 * probability
    const c = trials * probability + 0.5
    const alpha = (2.83 + 5.1 / b) * spread
    const acceptBound = 0.92 - 4.2 / b
    const quickAcceptBound = 0.86 * acceptBound

    for (;;) {
      let v = this.float()
      let u: number
      if (v <= quickAcceptBound) {
        u = v / acceptBound - 0.43
        return Math.floor(((2 * a) / (0.5 - Math.abs(u)) + b) * u + c)
      }
      if (v >= acceptBound) {
        u = this.float() - 0.5
      } else {
        u = v / acceptBound - 0.93
        u = Math.sign(u) * 0.5 - u
        v = this.float() * acceptBound
      }
      const us = 0.5 - Math.abs(u)
      const k = Math.floor(((2 * a) / us + b) * u + c)
      if (k < 0 || k > trials) continue
      v = (v * alpha) / (a / (us * us) + b)
      const distance = Math.abs(k - mode)
      if (distance <= 15) {
        // Near the mode: the ratio of probabilities by recursion is cheap and exact.
        let ratio = 1
        if (mode < k) {
          for (let i = mode + 1; i <= k; i++) ratio *= scaledOdds / i - odds
        } else if (mode > k) {
          for (let i = k + 1; i <= mode; i++) v *= scaledOdds / i - odds
        }
        if (v <= ratio) return k
        continue
      }
      // Far from the mode: squeeze with a normal bound, then the exact log ratio (Stirling).
      v = Math.log(v)
      const rho = (distance / variance) * (((distance / 3 + 0.625) * distance + 1 / 6) / variance + 0.5)
      const t = (-distance * distance) / (2 * variance)
      if (v < t - rho) return k
      if (v > t + rho) continue
      const nm = trials - mode + 1
      const h = (mode + 0.5) * Math.log((mode + 1) / (odds * nm)) + stirlingCorrection(mode) + stirlingCorrection(trials - mode)
      const nk = trials - k + 1
      const bound = h + (trials + 1) * Math.log(nm / nk) + (k + 0.5) * Math.log((nk * odds) / (k + 1)) - stirlingCorrection(k) - stirlingCorrection(trials - k)
      if (v <= bound) return k
    }
  }
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits))
}

const STIRLING_TABLE = [
  0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509, 0.01664469118982119,
  0.01387612882307075, 0.01189670994589177, 0.01041126526197209, 0.009255462182712733, 0.008330563433362871,
]

/** log(k!) minus its Stirling approximation: tabled for small k, a series beyond. */
function stirlingCorrection(k: number): number {
  const tabled = STIRLING_TABLE[k]
  if (tabled !== undefined) return tabled
  const inverseSquare = 1 / ((k + 1) * (k + 1))
  return (1 / 12 - (1 / 360 - inverseSquare / 1260) * inverseSquare) / (k + 1)
}
