import {describe, expect, it} from 'vitest'

import {roundPublished, roundToTenth} from '../../src/core/score/interval.js'
import {Random} from '../../src/core/score/random.js'
import {bootstrapMeans, calibratedMeans, type JuryStratum} from '../../src/core/score/resample.js'
import {percentileInterval} from '../../src/core/score/stats.js'

const JURY_VALUES = [0, 1 / 3, 2 / 3, 1]

/** n riddles drawn from a known distribution of jury values, as strata. */
function sampleStrata(random: Random, riddles: number, probabilities: readonly number[]): JuryStratum[] {
  const counts = JURY_VALUES.map(() => 0)
  for (let riddle = 0; riddle < riddles; riddle++) {
    let uniform = random.float()
    let index = 0
    while (index < probabilities.length - 1 && uniform >= (probabilities[index] as number)) uniform -= probabilities[index++] as number
    counts[index] = (counts[index] as number) + 1
  }
  return JURY_VALUES.map((value, index) => ({value, count: counts[index] as number})).filter((stratum) => stratum.count > 0)
}

describe('bootstrapMeans', () => {
  it('covers the true mean in 93 to 97% of 1,000 seeded trials', () => {
    const probabilities = [0.2, 0.1, 0.15, 0.55]
    const truth = JURY_VALUES.reduce((total, value, index) => total + value * (probabilities[index] as number), 0)
    const random = new Random(2024)
    let covered = 0
    for (let trial = 0; trial < 1000; trial++) {
      const {low, high} = percentileInterval(bootstrapMeans(sampleStrata(random, 300, probabilities), 1000, random))
      if (low <= truth && truth <= high) covered += 1
    }
    expect(covered).toBeGreaterThanOrEqual(930)
    expect(covered).toBeLessThanOrEqual(970)
  })

  it("has the sample mean as centre and the sample variance / n as spread, for a million riddles too", () => {
    const strata = [
      {value: 0, count: 250_000},
      {value: 1 / 3, count: 100_000},
      {value: 2 / 3, count: 150_000},
      {value: 1, count: 500_000},
    ]
    const riddles = 1_000_000
    const sampleMean = strata.reduce((total, {value, count}) => total + value * count, 0) / riddles
    const sampleVariance = strata.reduce((total, {value, count}) => total + (value - sampleMean) ** 2 * count, 0) / riddles
    const replicates = bootstrapMeans(strata, 20_000, new Random(1))
    const replicateMean = replicates.reduce((total, value) => total + value, 0) / replicates.length
    const replicateVariance = replicates.reduce((total, value) => total + (value - replicateMean) ** 2, 0) / (replicates.length - 1)
    expect(Math.abs(replicateMean - sampleMean)).toBeLessThan(5 * Math.sqrt(sampleVariance / riddles / replicates.length))
    expect(replicateVariance / (sampleVariance / riddles)).toBeGreaterThan(0.95)
    expect(replicateVariance / (sampleVariance / riddles)).toBeLessThan(1.05)
  })

  it('prints the same replicates for the same seed', () => {
    const strata = [{value: 0, count: 40}, {value: 0.5, count: 3}, {value: 1, count: 143}]
    expect(bootstrapMeans(strata, 500, new Random(9))).toEqual(bootstrapMeans(strata, 500, new Random(9)))
    expect(bootstrapMeans(strata, 500, new Random(9))).not.toEqual(bootstrapMeans(strata, 500, new Random(10)))
  })
})

describe('calibratedMeans', () => {
  it('averages the strata label means, with binomial spread', () => {
    const strata = [{count: 30, labelMean: 0.1, rows: 100}, {count: 156, labelMean: 0.95, rows: 400}]
    const replicates = calibratedMeans(strata, 50_000, new Random(4))
    const expectedMean = (30 * 0.1 + 156 * 0.95) / 186
    const expectedVariance = (30 * 0.1 * 0.9 + 156 * 0.95 * 0.05) / 186 ** 2
    const replicateMean = replicates.reduce((total, value) => total + value, 0) / replicates.length
    const replicateVariance = replicates.reduce((total, value) => total + (value - replicateMean) ** 2, 0) / (replicates.length - 1)
    expect(replicateMean).toBeCloseTo(expectedMean, 3)
    expect(replicateVariance / expectedVariance).toBeGreaterThan(0.97)
    expect(replicateVariance / expectedVariance).toBeLessThan(1.03)
  })

  it('gives the published method a zero-width interval, printed as ± 0.1, when every label of the strata agrees', () => {
    const rounded = roundPublished(calibratedMeans([{count: 155, labelMean: 1, rows: 438}, {count: 31, labelMean: 0, rows: 160}], 1000, new Random(0)))
    expect(rounded.score).toBe(83.3)
    expect(rounded.half_width).toBe(0.1)
  })
})

describe('roundToTenth', () => {
  it('rounds halves to the even neighbour, as numpy does', () => {
    expect(roundToTenth(83.25)).toBe(83.2)
    expect(roundToTenth(83.35)).toBe(83.4)
    expect(roundToTenth(48.66)).toBe(48.7)
  })
})
