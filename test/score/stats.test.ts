import {quantileSorted as simpleQuantileSorted} from 'simple-statistics'
import {describe, expect, it} from 'vitest'

import {cohenKappa, fleissKappa, percentileInterval, quantileSorted} from '../../src/core/score/stats.js'

describe('quantileSorted (linear interpolation, numpy default)', () => {
  it('interpolates between ranks as numpy.percentile does', () => {
    // numpy.percentile([1, 2, 3, 4], [25, 50, 2.5, 97.5]) = [1.75, 2.5, 1.075, 3.925]
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12)
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12)
    expect(quantileSorted([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12)
    expect(quantileSorted([1, 2, 3, 4], 0.975)).toBeCloseTo(3.925, 12)
    expect(quantileSorted([7], 0.975)).toBe(7)
  })

  it("agrees with simple-statistics where its definition coincides (medians of odd samples, extremes)", () => {
    const sorted = [0.1, 0.4, 0.45, 0.8, 2, 3.5, 9]
    for (const p of [0, 0.5, 1]) expect(quantileSorted(sorted, p)).toBe(simpleQuantileSorted(sorted, p))
  })

  it('gives the 2.5 / 97.5 percentile interval of unsorted values', () => {
    const values = Float64Array.from({length: 101}, (_, index) => (index * 37) % 101)
    const {low, high} = percentileInterval(values)
    expect(low).toBeCloseTo(2.5, 12)
    expect(high).toBeCloseTo(97.5, 12)
  })
})

describe('cohenKappa', () => {
  it('matches the worked examples of the Wikipedia article', () => {
    expect(cohenKappa({bothTrue: 20, onlyFirst: 5, onlySecond: 10, bothFalse: 15}).kappa).toBeCloseTo(0.4, 12)
    expect(cohenKappa({bothTrue: 45, onlyFirst: 15, onlySecond: 25, bothFalse: 15}).kappa).toBeCloseTo(0.1304, 4)
    expect(cohenKappa({bothTrue: 25, onlyFirst: 35, onlySecond: 5, bothFalse: 35}).kappa).toBeCloseTo(0.2593, 4)
    expect(cohenKappa({bothTrue: 20, onlyFirst: 5, onlySecond: 10, bothFalse: 15}).agreement).toBeCloseTo(0.7, 12)
  })

  it('is null, not NaN, when both raters gave one answer throughout', () => {
    expect(cohenKappa({bothTrue: 12, onlyFirst: 0, onlySecond: 0, bothFalse: 0})).toEqual({n: 12, agreement: 1, kappa: null})
  })
})

describe('fleissKappa', () => {
  // Wikipedia, "Fleiss' kappa", worked example: 10 items, 14 raters, 5 categories; kappa = 0.210.
  const table = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ]

  it('matches the worked example of the Wikipedia article', () => {
    expect(fleissKappa(table)).toBeCloseTo(0.20993, 4)
  })

  it('counts a repeated row as that many items', () => {
    const repeated = [table[0], table[0], table[0], table[5], table[9], table[9]] as number[][]
    expect(fleissKappa([table[0], table[5], table[9]] as number[][], [3, 1, 2])).toBeCloseTo(fleissKappa(repeated) as number, 12)
  })

  it('refuses items with different numbers of raters', () => {
    expect(() => fleissKappa([[1, 1], [2, 1]])).toThrow(RangeError)
  })
})
