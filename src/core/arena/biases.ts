import type {Battle} from './battles.js'
import type {JudgeReading} from './verdicts.js'
import {combineOrders, type Consistency} from './verdicts.js'

/** How often a judge's verdict changed with the order the answers were shown in (MT-bench's table 2). */
export interface PositionBias {
  judge: string
  /** Items judged in both orders with valid verdicts. */
  items: number
  consistent: number
  /** Chose whichever answer was shown first, both times. */
  first_position: number
  second_position: number
  /** A tie one way and a winner the other. */
  other: number
  /** Share of items whose verdict flipped with the order: the position bias. */
  flip_rate: number | null
  /** Items with one order's verdict only (the other failed or was unreadable): not rated. */
  one_order_only: number
}

export function positionBias(reading: JudgeReading): PositionBias {
  const counts: Record<Consistency, number> = {consistent: 0, 'first position': 0, 'second position': 0, other: 0}
  let oneOrder = 0
  for (const {verdicts} of reading.items.values()) {
    if (verdicts.ab === undefined || verdicts.ba === undefined) {
      oneOrder += 1
      continue
    }
    counts[combineOrders(verdicts.ab, verdicts.ba).consistency] += 1
  }
  const items = counts.consistent + counts['first position'] + counts['second position'] + counts.other
  return {
    judge: reading.judge,
    items,
    consistent: counts.consistent,
    first_position: counts['first position'],
    second_position: counts['second position'],
    other: counts.other,
    flip_rate: items === 0 ? null : (items - counts.consistent) / items,
    one_order_only: oneOrder,
  }
}

/** How a voter's choices follow answer length: of its decisive votes between answers of different lengths, the share won by the longer. */
export interface LengthBias {
  voter: string
  decisive: number
  longer_won: number
  share_longer: number | null
}

/** `length(model, battle)`: characters of that model's answer at the battle's turn. */
export function lengthBias(voter: string, battles: readonly Battle[], length: (model: string, battle: Battle) => number): LengthBias {
  let decisive = 0
  let longerWon = 0
  for (const battle of battles) {
    if (battle.winner !== 'model_a' && battle.winner !== 'model_b') continue
    const lengthA = length(battle.model_a, battle)
    const lengthB = length(battle.model_b, battle)
    if (lengthA === lengthB) continue
    decisive += 1
    if ((battle.winner === 'model_a') === lengthA > lengthB) longerWon += 1
  }
  return {voter, decisive, longer_won: longerWon, share_longer: decisive === 0 ? null : longerWon / decisive}
}
