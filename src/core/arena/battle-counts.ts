/** How a battle ended, in Chatbot Arena's words: `model_a` and `model_b` are the two sides. */
export type Winner = 'model_a' | 'model_b' | 'tie' | 'tie (bothbad)'

export const WINNERS: readonly Winner[] = ['model_a', 'model_b', 'tie', 'tie (bothbad)']

/**
 * Battles aggregated into counts per pair of models and outcome: the ratings, their bootstrap and
 * the win-rate matrix need nothing else, so a million battles among a hundred models become 4,950
 * pairs of three numbers. Models are numbered in the order they are first seen.
 */
export class BattleCounts {
  readonly models: string[] = []
  private readonly modelIndex = new Map<string, number>()
  /** Pair key (i * 2^20 + j, i < j) -> cell number. */
  private readonly cellIndex = new Map<number, number>()
  private first: number[] = []
  private second: number[] = []
  /** Per cell: wins of the pair's first model, of its second, and ties (both kinds). */
  private outcomes: number[] = []
  battles = 0
  /** Of the ties, those where both answers were judged bad. */
  bothBad = 0

  modelNumber(name: string): number {
    let index = this.modelIndex.get(name)
    if (index === undefined) {
      index = this.models.length
      this.models.push(name)
      this.modelIndex.set(name, index)
    }
    return index
  }

  /** Counts one battle; `winner` is one of WINNERS. Returns false for a model against itself, which rates nothing. */
  add(modelA: string, modelB: string, winner: Winner, count = 1): boolean {
    return this.addBetween(this.modelNumber(modelA), this.modelNumber(modelB), winner, count)
  }

  /** Like add, with the models given by their modelNumber. */
  addBetween(a: number, b: number, winner: Winner, count = 1): boolean {
    if (a === b) return false
    const swapped = a > b
    const key = swapped ? b * 1_048_576 + a : a * 1_048_576 + b
    let cell = this.cellIndex.get(key)
    if (cell === undefined) {
      cell = this.first.length
      this.cellIndex.set(key, cell)
      this.first.push(swapped ? b : a)
      this.second.push(swapped ? a : b)
      this.outcomes.push(0, 0, 0)
    }
    const slot = winner === 'model_a' ? (swapped ? 1 : 0) : winner === 'model_b' ? (swapped ? 0 : 1) : 2
    this.outcomes[cell * 3 + slot]! += count
    this.battles += count
    if (winner === 'tie (bothbad)') this.bothBad += count
    return true
  }

  /** The counts as flat arrays, the shape the fit and the bootstrap work on. */
  table(): PairTable {
    const cells = this.first.length
    return {
      models: [...this.models],
      first: Int32Array.from(this.first),
      second: Int32Array.from(this.second),
      outcomes: Float64Array.from(this.outcomes.slice(0, cells * 3)),
    }
  }
}

/** Battle counts per pair: pair k is `first[k]` against `second[k]`, with `outcomes[3k..3k+2]` = first's wins, second's wins, ties. */
export interface PairTable {
  models: string[]
  first: Int32Array
  second: Int32Array
  outcomes: Float64Array
}

export function totalBattles(table: PairTable): number {
  let total = 0
  for (const count of table.outcomes) total += count
  return total
}
