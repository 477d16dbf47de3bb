import {describe, expect, it} from 'vitest'

import {comparePair} from '../../src/core/compare/pairs.js'
import {mcnemarExact, minimumDetectableDifference, PairedSums} from '../../src/core/compare/paired-statistics.js'
import {rankSpreads} from '../../src/core/compare/leaderboard.js'

const options = {resamples: 2000, seed: 0}

describe('McNemar exact test', () => {
  it('gives the two-sided binomial tail of the discordant riddles', () => {
    expect(mcnemarExact(0, 5)).toBeCloseTo(2 / 32, 12)
    // 2 x P(X <= 3), X ~ Binomial(13, 1/2)
    expect(mcnemarExact(3, 10)).toBeCloseTo((2 * (1 + 13 + 78 + 286)) / 8192, 12)
    expect(mcnemarExact(7, 7)).toBe(1)
    expect(mcnemarExact(0, 0)).toBe(1)
  })

  it('stays finite for thousands of discordant riddles', () => {
    const p = mcnemarExact(2400, 2600)
    expect(p).toBeGreaterThan(0.001)
    expect(p).toBeLessThan(0.01)
  })
})

describe('paired comparison', () => {
  it('finds a real difference: the interval leaves out 0 and McNemar agrees', () => {
    const first = Float64Array.from({length: 200}, (_, index) => (index % 10 < 8 ? 1 : 0))
    const second = Float64Array.from({length: 200}, (_, index) => (index % 10 < 5 ? 1 : 0))
    const result = comparePair(first, second, options)!
    expect(result.n).toBe(200)
    expect(result.difference).toBeCloseTo(30, 9)
    expect(result.interval.low).toBeGreaterThan(20)
    expect(result.significant).toBe(true)
    expect(result.mcnemar).toMatchObject({first_only: 60, second_only: 0})
    expect(result.mcnemar.p_value).toBeLessThan(1e-10)
    expect(result.underpowered).toBe(false)
  })

  it('says when n is too small to tell two models apart', () => {
    const first = Float64Array.from([1, 1, 1, 0, 1, 0, 1, 1, 0, 1])
    const second = Float64Array.from([1, 0, 1, 1, 1, 0, 0, 1, 1, 1])
    const result = comparePair(first, second, options)!
    expect(result.significant).toBe(false)
    expect(result.underpowered).toBe(true)
    expect(result.minimum_detectable_difference).toBeGreaterThan(Math.abs(result.difference))
  })

  it('uses only the riddles both models have', () => {
    const first = Float64Array.from([1, Number.NaN, 0, 1])
    const second = Float64Array.from([0, 1, Number.NaN, 1])
    expect(comparePair(first, second, options)!.n).toBe(2)
    expect(comparePair(Float64Array.from([1, Number.NaN]), Float64Array.from([Number.NaN, 1]), options)).toBeUndefined()
  })

  it('correlates the two models and sizes the detectable difference from the spread', () => {
    const sums = new PairedSums()
    for (const [a, b] of [[1, 1], [0, 0], [1, 1], [0, 1]]) sums.add(a!, b!)
    expect(sums.correlation()).toBeCloseTo(0.5773502692, 9)
    expect(minimumDetectableDifference(0.5, 100)).toBeCloseTo(0.1400792, 6)
  })
})

describe('rank spread', () => {
  it('follows the published rule on score ± half-width', () => {
    // The first three rows of the published llm leaderboard: 1-2, 1-3, 2-3.
    const spreads = rankSpreads([
      {low: 85.2 - 1.4, high: 85.2 + 1.4},
      {low: 83.9 - 1.1, high: 83.9 + 1.1},
      {low: 83.3 - 0.1, high: 83.3 + 0.1},
    ])
    expect(spreads).toEqual([
      {best: 1, worst: 2},
      {best: 1, worst: 3},
      {best: 2, worst: 3},
    ])
  })
})
