import type {PairTable} from './battle-counts.js'
import {ChordRefitter, sigmoid, solveInformation, type Strengths} from './bradley-terry.js'

/** The fewest votes found whose removal changes the top model. */
export interface Fragility {
  top: string
  /** Votes removed; undefined when no removal of up to half the votes changed the top model. */
  votes?: number
  share?: number
  /** The model on top once they are removed. */
  new_top?: string
  /** The votes removed, grouped: `model_a` and `model_b` as in the pairs table. */
  removed?: {model_a: string; model_b: string; winner: 'model_a' | 'model_b' | 'tie'; count: number}[]
  /** How they were found: a greedy search, each candidate set checked by refitting. An upper bound on the true minimum. */
  method: string
}

const CHALLENGERS = 5
/** How close refits get to the exact fit (natural-log units): far finer than any gap that decides the top. */
const REFIT_TOLERANCE = 1e-9
/** How far ahead (natural-log units) a model must be to take the top spot: far above the refits' precision. */
const TIE_MARGIN = 1e-7
/** What a battle of each outcome cell scores for the pair's first model: a win, a loss, a tie. */
const SCORE_OF_SLOT = [1, 0, 0.5]

/**
 * Searches, for each of the models closest to the top, the votes whose removal lifts it over the
 * top model: votes are ranked by their first-order effect on the gap (the influence of one
 * battle on the fitted strengths), removed best first, the fit redone and the ranking with it,
 * until the top model changes; then the shortest prefix of that removal order that still changes
 * it is found by bisection, each step checked by a full refit. The smallest over the challengers
 * is reported. Exhaustive search is combinatorial: this is an upper bound, checked exactly.
 */
export function findFragility(table: PairTable, strengths: Strengths): Fragility {
  const top = argmax(strengths)
  const total = table.outcomes.reduce((sum, count) => sum + count, 0)
  const method = 'greedy removal ranked by influence, checked by refitting'
  const challengers = [...strengths.keys()].filter((index) => index !== top).sort((a, b) => strengths[b]! - strengths[a]!).slice(0, CHALLENGERS)
  // Removing a few votes of many moves the fit little: refits start from the full data's.
  const refitter = new ChordRefitter(table, strengths)
  let best: {removal: Removal[]; votes: number; newTop: number} | undefined
  for (const challenger of challengers) {
    const found = removalFor(table, refitter, strengths, top, challenger, Math.floor(total / 2), best?.votes)
    if (found !== undefined && (best === undefined || found.votes < best.votes)) best = found
  }
  if (best === undefined) return {top: table.models[top]!, method}
  return {
    top: table.models[top]!,
    votes: best.votes,
    share: best.votes / total,
    new_top: table.models[best.newTop]!,
    removed: summarize(table, best.removal),
    method,
  }
}

/** One step of a removal order: this many battles of one cell (pair and outcome). */
interface Removal {
  cell: number
  count: number
}

function removalFor(
  table: PairTable,
  refitter: ChordRefitter,
  start: Strengths,
  top: number,
  challenger: number,
  budget: number,
  toBeat: number | undefined,
): {removal: Removal[]; votes: number; newTop: number} | undefined {
  const outcomes = Float64Array.from(table.outcomes)
  const order: Removal[] = []
  let removed = 0
  let strengths = start
  for (let round = 0; round < 200; round += 1) {
    if (leader(strengths, top) !== top) break
    if (removed >= budget || (toBeat !== undefined && removed >= toBeat)) return undefined
    const gap = strengths[top]! - strengths[challenger]!
    const effects = cellEffects(table, outcomes, strengths, top, challenger)
    // Remove, best cell first, about as many battles as the first-order estimate says close the gap.
    let predicted = 0
    for (const {cell, effect} of effects) {
      if (effect >= 0 || predicted <= -gap) break
      const wanted = Math.ceil((-gap - predicted) / effect)
      const count = Math.max(1, Math.min(outcomes[cell]!, wanted, budget - removed))
      outcomes[cell]! -= count
      order.push({cell, count})
      removed += count
      predicted += count * effect
      if (removed >= budget) break
    }
    if (predicted === 0) return undefined
    strengths = refitter.refit(outcomes, new Float64Array(start.length), REFIT_TOLERANCE)
  }
  if (leader(strengths, top) === top) return undefined
  return shortestPrefix(table, refitter, order, top)
}

/** Per cell, the first-order change in (top - challenger) from removing one of its battles, most negative first. */
function cellEffects(table: PairTable, outcomes: Float64Array, strengths: Strengths, top: number, challenger: number): {cell: number; effect: number}[] {
  // w = I^-1 (e_top - e_challenger), with I the information matrix at the current fit.
  const direction = new Float64Array(strengths.length)
  direction[top] = 1
  direction[challenger] = -1
  const weights = solveInformation({...table, outcomes}, strengths, direction)
  const effects: {cell: number; effect: number}[] = []
  for (let pair = 0; pair < table.first.length; pair += 1) {
    const i = table.first[pair]!
    const j = table.second[pair]!
    const probability = sigmoid(strengths[i]! - strengths[j]!)
    const lever = weights[i]! - weights[j]!
    for (let slot = 0; slot < 3; slot += 1) {
      if (outcomes[pair * 3 + slot]! === 0) continue
      effects.push({cell: pair * 3 + slot, effect: -(SCORE_OF_SLOT[slot]! - probability) * lever})
    }
  }
  return effects.sort((a, b) => a.effect - b.effect)
}

/** The fewest battles, taken in `order`, whose removal still changes the top model (bisection, each step refitted). */
function shortestPrefix(table: PairTable, refitter: ChordRefitter, order: Removal[], top: number): {removal: Removal[]; votes: number; newTop: number} {
  const flat: number[] = order.flatMap(({cell, count}) => new Array<number>(count).fill(cell))
  const strengths = new Float64Array(table.models.length)
  const newTopAfter = (count: number): number => {
    const outcomes = Float64Array.from(table.outcomes)
    for (const cell of flat.slice(0, count)) outcomes[cell]! -= 1
    return leader(refitter.refit(outcomes, strengths, REFIT_TOLERANCE), top)
  }
  let low = 0
  let high = flat.length
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2)
    if (newTopAfter(middle) === top) low = middle
    else high = middle
  }
  const removal: Removal[] = []
  for (const cell of flat.slice(0, high)) {
    const last = removal.at(-1)
    if (last?.cell === cell) last.count += 1
    else removal.push({cell, count: 1})
  }
  return {removal, votes: high, newTop: newTopAfter(high)}
}

function summarize(table: PairTable, removal: Removal[]): NonNullable<Fragility['removed']> {
  const winners = ['model_a', 'model_b', 'tie'] as const
  return removal.map(({cell, count}) => ({
    model_a: table.models[table.first[Math.floor(cell / 3)]!]!,
    model_b: table.models[table.second[Math.floor(cell / 3)]!]!,
    winner: winners[cell % 3]!,
    count,
  }))
}

function argmax(values: Strengths): number {
  let best = 0
  for (let index = 1; index < values.length; index += 1) if (values[index]! > values[best]!) best = index
  return best
}

/**
 * The top model once votes are removed: `top` keeps the spot unless another model is ahead by more
 * than TIE_MARGIN. A tie does not change the top, and which of two tied models rounding puts
 * ahead is noise.
 */
function leader(values: Strengths, top: number): number {
  const best = argmax(values)
  return values[best]! - values[top]! > TIE_MARGIN ? best : top
}
