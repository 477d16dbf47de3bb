import type {Battle} from './battles.js'

/** Agreement of two kinds of voters, as MT-bench counts it, with ties and without. */
export interface Agreement {
  first: string
  second: string
  /** Vote pairs compared, and the share that agree; ties included (a tie agrees with a tie, both kinds alike). */
  with_ties: {n: number; agreement: number | null}
  /** The same on the vote pairs where neither is a tie. */
  without_ties: {n: number; agreement: number | null}
}

/** Same question, turn and pair of models: the unit MT-bench compares votes on. */
type Outcome = 'first' | 'second' | 'tie'

/**
 * MT-bench's agreement (Zheng et al. 2023, FastChat's compute_agreement.py): for a judge against
 * people, every person's vote on an item the judge also rated is compared with the judge's; for
 * people against people, every two votes of different people on one item. "Without ties" leaves
 * out the comparisons where either vote is a tie. `group` names who cast a battle: a judge, or
 * "people".
 */
export function agreementBetween(battles: readonly Battle[], first: string, second: string, group: (battle: Battle) => string): Agreement {
  const byItem = new Map<string, Map<string, Outcome[]>>()
  for (const battle of battles) {
    const who = group(battle)
    if (who !== first && who !== second) continue
    const key = `${battle.question_id}\n${battle.turn}\n${[battle.model_a, battle.model_b].sort().join('\n')}`
    const votes = byItem.get(key) ?? new Map<string, Outcome[]>()
    byItem.set(key, votes)
    const list = votes.get(who) ?? []
    votes.set(who, list)
    list.push(outcome(battle))
  }
  const tally = {withTies: [0, 0], withoutTies: [0, 0]}
  const compare = (a: Outcome, b: Outcome): void => {
    tally.withTies[1]! += 1
    if (a === b) tally.withTies[0]! += 1
    if (a === 'tie' || b === 'tie') return
    tally.withoutTies[1]! += 1
    if (a === b) tally.withoutTies[0]! += 1
  }
  for (const votes of byItem.values()) {
    const ours = votes.get(first) ?? []
    const theirs = votes.get(second) ?? []
    if (first === second) {
      for (let i = 0; i < ours.length; i += 1) for (let j = i + 1; j < ours.length; j += 1) compare(ours[i]!, ours[j]!)
    } else {
      for (const a of ours) for (const b of theirs) compare(a, b)
    }
  }
  const share = ([agree, n]: number[]): {n: number; agreement: number | null} => ({n: n!, agreement: n === 0 ? null : agree! / n!})
  return {first, second, with_ties: share(tally.withTies), without_ties: share(tally.withoutTies)}
}

/** The winner in the pair's sorted order, so that two voters shown the pair in different orders compare. */
function outcome(battle: Battle): Outcome {
  if (battle.winner === 'tie' || battle.winner === 'tie (bothbad)') return 'tie'
  const winner = battle.winner === 'model_a' ? battle.model_a : battle.model_b
  return winner === [battle.model_a, battle.model_b].sort()[0] ? 'first' : 'second'
}
