import {describe, expect, it} from 'vitest'

import {CountResampler} from '../../src/core/score/count-resampler.js'
import {Random} from '../../src/core/score/random.js'

/** log(k!) by summing logs: small k only, and independent of the sampler's code. */
function logFactorial(k: number): number {
  let total = 0
  for (let value = 2; value <= k; value += 1) total += Math.log(value)
  return total
}

/** Every way to put `total` items into `cells` cells. */
function compositions(total: number, cells: number): number[][] {
  if (cells === 1) return [[total]]
  return Array.from({length: total + 1}, (_, first) => compositions(total - first, cells - 1).map((rest) => [first, ...rest])).flat()
}

/** Total variation between the resampler's draws and the exact multinomial(N, counts / N). */
function distanceFromMultinomial(counts: number[], draws: number, seed: number): number {
  const total = counts.reduce((sum, count) => sum + count, 0)
  const resampler = new CountResampler(counts, new Random(seed))
  const into = new Float64Array(counts.length)
  const observed = new Map<string, number>()
  for (let draw = 0; draw < draws; draw += 1) {
    resampler.draw(into)
    const key = into.join(',')
    observed.set(key, (observed.get(key) ?? 0) + 1)
  }
  let distance = 0
  const positive = counts.map((count, cell) => ({count, cell})).filter(({count}) => count > 0)
  for (const drawn of compositions(total, positive.length)) {
    const full = counts.map(() => 0)
    positive.forEach(({cell}, index) => (full[cell] = drawn[index]!))
    const logMass = logFactorial(total) + positive.reduce((sum, {count}, index) => sum + drawn[index]! * Math.log(count / total) - logFactorial(drawn[index]!), 0)
    distance += Math.abs(Math.exp(logMass) - (observed.get(full.join(',')) ?? 0) / draws)
    observed.delete(full.join(','))
  }
  // Anything drawn that is not a composition of N over the non-empty cells is wrong outright.
  for (const count of observed.values()) distance += count / draws
  return distance / 2
}

describe('CountResampler', () => {
  it('draws the exact multinomial over the cells (total variation < 0.01 in 300,000 draws), the total always N', () => {
    // 10 items in 4 cells, one empty: 66 possible outcomes; the Poisson sum lands below and above N.
    expect(distanceFromMultinomial([5, 3, 0, 2], 300_000, 1)).toBeLessThan(0.01)
    // One cell holding nearly everything, and single items: the tails of the tables and the corrections.
    expect(distanceFromMultinomial([1, 12, 1], 300_000, 2)).toBeLessThan(0.01)
  })

  it('matches the multinomial mean and variance per cell with large counts', () => {
    const counts = [90_000, 45, 1, 0, 9_954, 0, 1_000_000 - 100_000]
    const total = counts.reduce((sum, count) => sum + count, 0)
    const resampler = new CountResampler(counts, new Random(3))
    const into = new Float64Array(counts.length)
    const sums = new Float64Array(counts.length)
    const squares = new Float64Array(counts.length)
    const draws = 4000
    for (let draw = 0; draw < draws; draw += 1) {
      resampler.draw(into)
      expect(into.reduce((sum, value) => sum + value, 0)).toBe(total)
      into.forEach((value, cell) => {
        sums[cell]! += value
        squares[cell]! += value * value
      })
    }
    counts.forEach((count, cell) => {
      const share = count / total
      const variance = total * share * (1 - share)
      const mean = sums[cell]! / draws
      expect(Math.abs(mean - count), `mean of cell ${cell}`).toBeLessThanOrEqual(5 * Math.sqrt(variance / draws))
      if (variance > 0) expect(Math.abs((squares[cell]! / draws - mean * mean) / variance - 1), `variance of cell ${cell}`).toBeLessThan(0.1)
      else expect(squares[cell]).toBe(0)
    })
  })

  it('repeats itself for a seed, and refuses counts that are not whole numbers', () => {
    const draw = (seed: number): number[] => {
      const into = new Float64Array(3)
      new CountResampler([40, 7, 300], new Random(seed)).draw(into)
      return [...into]
    }
    expect(draw(4)).toEqual(draw(4))
    expect(draw(4)).not.toEqual(draw(5))
    expect(() => new CountResampler([1, 2.5], new Random(0))).toThrow(RangeError)
    expect(() => new CountResampler([1, -1], new Random(0))).toThrow(RangeError)
  })
})
