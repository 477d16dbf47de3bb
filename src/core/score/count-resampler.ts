import type {Random} from './random.js'

/**
 * Resamples a population given as counts per cell, again and again: each draw puts N items, drawn
 * with replacement from the N of the population, into the cells (a multinomial draw, what a
 * bootstrap of the items does to their counts). Exact up to double precision, as a chain of
 * binomials is, and some 5 times faster on thousands of cells, because every draw reuses tables:
 *
 * 1. Poissonization: each cell gets an independent Poisson(shrink x count) draw, shrink = 1 -
 *    3 / sqrt(N). Given their sum S, such draws are multinomial(S, count / N), exactly.
 * 2. S is above N with probability about 0.1% (3 standard deviations); then the draw starts again,
 *    which conditions on S <= N and so keeps step 1 exact.
 * 3. The N - S items missing (about 3 sqrt(N): 3,000 for a million) are drawn from the population
 *    one by one. Multinomial(S) plus multinomial(N - S) over the same shares is multinomial(N).
 *
 * Each sampler is a table: the distribution function, and an index of where each 1/size of it
 * starts, so that a draw is one uniform and about two comparisons. The Poisson means never change
 * between draws, and cells with the same count share one table (cut where the probabilities fall
 * under 2^-64 of the mode's, about 19 sqrt(count) entries): a million battles among 100 models
 * need 200 tables of 36,000 entries in all.
 */
export class CountResampler {
  private readonly total: number
  /**
   * The non-empty cells grouped by Poisson table (cells of one count together): draws in a row
   * read the same table, which stays in the processor's cache. Cells `cellsByTable[tableStarts[t]
   * ... tableStarts[t + 1] - 1]` use table t. Empty when all N items come from step 3.
   */
  private readonly cellsByTable: Int32Array
  private readonly tableStarts: Int32Array
  /** The value of each table's first entry. */
  private readonly firstValues: Float64Array
  private readonly tables: GuidedTables
  /** The table of the population itself: entry k is cell k, with probability count_k / N. */
  private readonly population: number

  constructor(
    counts: ArrayLike<number>,
    private readonly random: Random,
  ) {
    let total = 0
    for (let cell = 0; cell < counts.length; cell += 1) {
      const count = counts[cell]!
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`counts must be non-negative integers, got ${count} in cell ${cell}`)
      total += count
    }
    this.total = total
    // Below 9 items there is nothing to gain: all of them are drawn one by one.
    const shrink = total <= 9 ? 0 : 1 - 3 / Math.sqrt(total)
    const distributions: Float64Array[] = []
    const firstValues: number[] = []
    const cellsOfTable: number[][] = []
    const tableOfCount = new Map<number, number>()
    for (let cell = 0; cell < counts.length; cell += 1) {
      const count = counts[cell]!
      if (count === 0 || shrink === 0) continue
      let table = tableOfCount.get(count)
      if (table === undefined) {
        const {first, cumulative} = poissonTable(shrink * count)
        table = distributions.length
        distributions.push(cumulative)
        firstValues.push(first)
        cellsOfTable.push([])
        tableOfCount.set(count, table)
      }
      cellsOfTable[table]!.push(cell)
    }
    this.cellsByTable = Int32Array.from(cellsOfTable.flat())
    this.tableStarts = new Int32Array(cellsOfTable.length + 1)
    for (const [table, cells] of cellsOfTable.entries()) this.tableStarts[table + 1] = this.tableStarts[table]! + cells.length
    this.population = distributions.length
    distributions.push(populationTable(counts, total))
    this.firstValues = Float64Array.from(firstValues)
    this.tables = new GuidedTables(distributions)
  }

  /** One resample: the counts of N items drawn with replacement, written into `into` (one slot per cell). */
  draw(into: Float64Array): void {
    const {cellsByTable, tableStarts, firstValues, tables, random} = this
    let drawn: number
    do {
      into.fill(0)
      drawn = 0
      for (let table = 0; table < firstValues.length; table += 1) {
        for (let index = tableStarts[table]!; index < tableStarts[table + 1]!; index += 1) {
          const value = firstValues[table]! + tables.draw(table, random)
          into[cellsByTable[index]!] = value
          drawn += value
        }
      }
    } while (drawn > this.total)
    for (; drawn < this.total; drawn += 1) into[tables.draw(this.population, random)]! += 1
  }
}

/**
 * Discrete distributions over 0, 1, 2, ... given by their distribution functions, one after the
 * other in one array (a draw touches two small arrays, not one object per table), each sampled by
 * inversion with a guide table (Chen and Asau, 1974).
 */
class GuidedTables {
  private readonly offsets: Int32Array
  private readonly sizes: Int32Array
  /** Every table's distribution function; each table's last entry is exactly 1. */
  private readonly cumulative: Float64Array
  /** Per table entry j: the absolute index of the first entry whose distribution function exceeds j / size. */
  private readonly guide: Int32Array

  constructor(distributions: readonly Float64Array[]) {
    const entries = distributions.reduce((sum, distribution) => sum + distribution.length, 0)
    this.offsets = new Int32Array(distributions.length)
    this.sizes = new Int32Array(distributions.length)
    this.cumulative = new Float64Array(entries)
    this.guide = new Int32Array(entries)
    let offset = 0
    for (const [table, distribution] of distributions.entries()) {
      const size = distribution.length
      this.offsets[table] = offset
      this.sizes[table] = size
      this.cumulative.set(distribution, offset)
      let entry = 0
      for (let slot = 0; slot < size; slot += 1) {
        while (distribution[entry]! <= slot / size) entry += 1
        this.guide[offset + slot] = offset + entry
      }
      offset += size
    }
  }

  /**
   * The first entry of `table` whose distribution function exceeds a uniform U, counted from the
   * table's start. U's first 32 bits put it in [low, low + 2^-32), which settles the search unless
   * an entry falls inside; only then are 21 more bits drawn (53 in all, as Random.float has).
   */
  draw(table: number, random: Random): number {
    const {cumulative} = this
    const offset = this.offsets[table]!
    const high = random.uint32()
    const low = high * TWO_TO_MINUS_32
    // low x size is exact (under 2^52 x 2^-32): the guide never starts past the answer.
    let entry = this.guide[offset + Math.floor(low * this.sizes[table]!)]!
    while (cumulative[entry]! <= low) entry += 1
    if (cumulative[entry]! < low + TWO_TO_MINUS_32) {
      const uniform = (high * 2_097_152 + (random.uint32() >>> 11)) * TWO_TO_MINUS_53
      while (cumulative[entry]! <= uniform) entry += 1
    }
    return entry - offset
  }
}

const TWO_TO_MINUS_32 = 2 ** -32
const TWO_TO_MINUS_53 = 2 ** -53

/** Probabilities below this share of the mode's are left out: far under what a 53-bit uniform can tell apart. */
const NEGLIGIBLE = 2 ** -64

/**
 * Poisson(mean): the probabilities relative to the mode's, by the ratio of neighbours (no
 * factorials), down to NEGLIGIBLE on each side, then normalized; the distribution function starts
 * at `first`.
 */
function poissonTable(mean: number): {first: number; cumulative: Float64Array} {
  const mode = Math.floor(mean)
  const below: number[] = []
  for (let value = mode, weight = 1; value > 0; value -= 1) {
    weight *= value / mean
    if (weight < NEGLIGIBLE) break
    below.push(weight)
  }
  const above: number[] = []
  for (let value = mode + 1, weight = 1; ; value += 1) {
    weight *= mean / value
    if (weight < NEGLIGIBLE) break
    above.push(weight)
  }
  return {first: mode - below.length, cumulative: distributionFunction([...below.reverse(), 1, ...above])}
}

/** Cell k with probability count_k / total: exact shares from exact integer sums. */
function populationTable(counts: ArrayLike<number>, total: number): Float64Array {
  return distributionFunction(Array.from(counts), total)
}

/** Running sums of `weights` over their sum, the last one exactly 1 whatever the rounding. */
function distributionFunction(weights: readonly number[], sum = weights.reduce((total, weight) => total + weight, 0)): Float64Array {
  const cumulative = new Float64Array(weights.length)
  let running = 0
  for (const [index, weight] of weights.entries()) {
    running += weight
    cumulative[index] = running / sum
  }
  cumulative[weights.length - 1] = 1
  return cumulative
}
