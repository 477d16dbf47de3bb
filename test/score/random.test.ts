import {mean, sampleVariance} from 'simple-statistics'
import {describe, expect, it} from 'vitest'

import {Random} from '../../src/core/score/random.js'

function draws(random: Random, count: number, trials: number, probability: number): number[] {
  return Array.from({length: count}, () => random.binomial(trials, probability))
}

/** Exact binomial probabilities, by the ratio recursion in log space. */
function binomialPmf(trials: number, probability: number): number[] {
  const logs = [trials * Math.log(1 - probability)]
  for (let k = 1; k <= trials; k++) logs.push((logs[k - 1] as number) + Math.log(((trials - k + 1) / k) * (probability / (1 - probability))))
  return logs.map(Math.exp)
}

describe('Random', () => {
  it('repeats the same sequence for the same seed and another for another seed', () => {
    const sequence = (seed: number): number[] => {
      const random = new Random(seed)
      return Array.from({length: 8}, () => random.uint32())
    }
    expect(sequence(0)).toEqual(sequence(0))
    expect(sequence(0)).not.toEqual(sequence(1))
  })

  it('draws floats in [0, 1) with mean 1/2 and variance 1/12', () => {
    const random = new Random(3)
    const values = Array.from({length: 100_000}, () => random.float())
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...values)).toBeLessThan(1)
    expect(mean(values)).toBeCloseTo(0.5, 2)
    expect(sampleVariance(values)).toBeCloseTo(1 / 12, 2)
  })

  it.each([
    [5, 0.3],
    [40, 0.1],
    [186, 0.85],
    [1000, 0.5],
    [1_000_000, 0.2],
    [1_000_000, 0.999],
  ])('binomial(%i, %f) has mean np and variance np(1-p)', (trials, probability) => {
    const values = draws(new Random(11), 50_000, trials, probability)
    const expectedMean = trials * probability
    const expectedVariance = trials * probability * (1 - probability)
    // Standard errors of the sample mean and variance are about sd/224 and variance/158.
    expect(Math.abs(mean(values) - expectedMean)).toBeLessThan(5 * Math.sqrt(expectedVariance / 50_000) + 1e-9)
    expect(Math.abs(sampleVariance(values) / expectedVariance - 1)).toBeLessThan(0.04)
    expect(values.every((value) => Number.isInteger(value) && value >= 0 && value <= trials)).toBe(true)
  })

  // Both samplers (inversion below a mean of 10, BTRD above) and both BTRD branches (near the
  // mode, and the squeeze far from it, reached when the spread is wide).
  it.each([
    [30, 0.2],
    [1000, 0.015],
    [60, 0.4],
    [200, 0.5],
    [2000, 0.3],
  ])('binomial(%i, %f) follows the exact distribution (total variation < 0.015)', (trials, probability) => {
    const count = 400_000
    const observed = new Array<number>(trials + 1).fill(0)
    for (const value of draws(new Random(5), count, trials, probability)) observed[value] = (observed[value] as number) + 1
    const exact = binomialPmf(trials, probability)
    const distance = exact.reduce((total, mass, k) => total + Math.abs(mass - (observed[k] as number) / count), 0) / 2
    expect(distance).toBeLessThan(0.015)
  })

  it('handles the degenerate cases and rejects nonsense', () => {
    const random = new Random(0)
    expect(random.binomial(0, 0.5)).toBe(0)
    expect(random.binomial(10, 0)).toBe(0)
    expect(random.binomial(10, 1)).toBe(10)
    expect(() => random.binomial(-1, 0.5)).toThrow(RangeError)
    expect(() => random.binomial(10, 1.5)).toThrow(RangeError)
  })
})
