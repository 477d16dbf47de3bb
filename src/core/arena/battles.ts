import {arenaItems, type ArenaItem, type ArenaRecord} from './arena-record.js'
import type {Winner} from './battle-counts.js'
import type {Order} from './judge-prompt.js'
import {combineOrders, type Consistency, type JudgeReading, type Verdict} from './verdicts.js'

/** A person's choice on the voting page. */
export type Choice = 'A' | 'B' | 'tie' | 'bothbad'

export const CHOICES: readonly Choice[] = ['A', 'B', 'tie', 'bothbad']

/** One vote as the voting server stores it: `order` is which of the pair's models was shown as A. */
export interface PeopleVote {
  voter: string
  item: string
  order: Order
  choice: Choice
  /** ISO 8601. */
  voted_at: string
}

/**
 * A battle in Chatbot Arena's layout (`model_a`, `model_b`, `winner`, `judge`, `tstamp`), with
 * bench's own fields after them. For a person, `model_a` is the model shown as A; for a judge,
 * the pair's first model, and `verdicts` holds its verdict in each order.
 */
export interface Battle {
  model_a: string
  model_b: string
  winner: Winner
  /** The voter's id, or the judge as `provider/model`. */
  judge: string
  /** Unix seconds, as Chatbot Arena's logs have it (people only). */
  tstamp?: number
  source: 'people' | 'judge'
  arena: string
  question_id: string
  turn: number
  pair: string
  verdicts?: Partial<Record<Order, Verdict>>
  consistency?: Consistency
}

const WINNER_OF_CHOICE: Record<Choice, Winner> = {A: 'model_a', B: 'model_b', tie: 'tie', bothbad: 'tie (bothbad)'}

/** People's votes as battles; a vote on an item the arena does not have is an error of the caller (the server checks). */
export function peopleBattles(record: ArenaRecord, votes: readonly PeopleVote[]): Battle[] {
  const items = itemIndex(record)
  return votes.map((vote) => {
    const item = items.get(vote.item)!
    const [shownA, shownB] = vote.order === 'ab' ? [item.pair.model_a, item.pair.model_b] : [item.pair.model_b, item.pair.model_a]
    return {
      model_a: shownA,
      model_b: shownB,
      winner: WINNER_OF_CHOICE[vote.choice],
      judge: vote.voter,
      tstamp: Math.floor(Date.parse(vote.voted_at) / 1000),
      source: 'people',
      arena: record.name,
      question_id: item.pair.prompt,
      turn: item.turn,
      pair: item.pair.id,
    }
  })
}

/** A judge's verdicts as battles: one per item judged in both orders (an item with one order only is counted, not rated). */
export function judgeBattles(record: ArenaRecord, reading: JudgeReading): Battle[] {
  const items = itemIndex(record)
  const battles: Battle[] = []
  for (const judged of reading.items.values()) {
    const {ab, ba} = judged.verdicts
    if (ab === undefined || ba === undefined) continue
    const item = items.get(judged.item)!
    const {winner, consistency} = combineOrders(ab, ba)
    battles.push({
      model_a: item.pair.model_a,
      model_b: item.pair.model_b,
      winner,
      judge: reading.judge,
      source: 'judge',
      arena: record.name,
      question_id: item.pair.prompt,
      turn: item.turn,
      pair: item.pair.id,
      verdicts: {ab, ba},
      consistency,
    })
  }
  return battles
}

export function itemIndex(record: ArenaRecord): Map<string, ArenaItem> {
  return new Map(arenaItems(record).map((item) => [item.id, item]))
}
