import {access} from 'node:fs/promises'
import {join} from 'node:path'

import {RESULTS_DIR} from '../batch/manifest.js'
import {lineError} from '../errors.js'
import {readJsonl} from '../jsonl.js'
import type {ResultLine} from '../results/result.js'
import {arenaItems, type ArenaJudgeBatch, type ArenaRecord} from './arena-record.js'
import type {Winner} from './battle-counts.js'
import {ORDERS, type Order} from './judge-prompt.js'

/** What a judge said of one order of one item. */
export type Verdict = 'A' | 'B' | 'tie'

/** An item as one judge saw it in both orders, read into the models' terms. */
export interface JudgedItem {
  item: string
  verdicts: Partial<Record<Order, Verdict>>
}

/** What one judge batch's results hold, counted. */
export interface JudgeReading {
  judge: string
  batch: string
  /** False when `bench results` has not written the batch's results yet. */
  results: boolean
  requests: number
  /** Verdicts in the strict schema. */
  valid: number
  failed: number
  /** Answered, but not `{"winner": "A" | "B" | "tie", "reason": "..."}`. */
  unreadable: number
  items: Map<string, JudgedItem>
}

/**
 * Reads a judge batch's results (`results/<batch>.jsonl`, retries merged by `bench results`).
 * Only a verdict in the strict schema counts; a failed request or any other answer is counted and
 * left out, never guessed. A custom_id that is no request of this arena is an error.
 */
export async function readJudgeResults(record: ArenaRecord, batch: ArenaJudgeBatch): Promise<JudgeReading> {
  const judge = `${batch.provider}/${batch.model}`
  const reading: JudgeReading = {judge, batch: batch.batch, results: false, requests: 0, valid: 0, failed: 0, unreadable: 0, items: new Map()}
  const file = join(RESULTS_DIR, `${batch.batch}.jsonl`)
  try {
    await access(file)
  } catch {
    return reading
  }
  reading.results = true
  const items = new Set(arenaItems(record).map((item) => item.id))
  for await (const {line, value} of readJsonl<Partial<ResultLine>>(file)) {
    const id = value.custom_id
    const order = typeof id === 'string' ? (id.slice(-2) as Order) : undefined
    const item = typeof id === 'string' ? id.slice(0, -3) : ''
    if (order === undefined || !ORDERS.includes(order) || !items.has(item)) throw lineError(file, line, 'custom_id', `${JSON.stringify(id)} is no request of arena ${record.name}`)
    reading.requests += 1
    if (value.ok !== true) {
      reading.failed += 1
      continue
    }
    const verdict = strictVerdict(value.parsed)
    if (verdict === undefined) {
      reading.unreadable += 1
      continue
    }
    reading.valid += 1
    const judged = reading.items.get(item) ?? {item, verdicts: {}}
    judged.verdicts[order] = verdict
    reading.items.set(item, judged)
  }
  return reading
}

/** `{"winner": "A" | "B" | "tie", "reason": string}` and nothing else, or undefined. */
export function strictVerdict(parsed: unknown): Verdict | undefined {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
  const keys = Object.keys(parsed)
  const {winner, reason} = parsed as {winner?: unknown; reason?: unknown}
  if (keys.length !== 2 || typeof reason !== 'string') return undefined
  return winner === 'A' || winner === 'B' || winner === 'tie' ? winner : undefined
}

/** A verdict given with `model_a` shown first (`ab`) or second (`ba`), as the winning side of the pair. */
export function verdictWinner(verdict: Verdict, order: Order): Winner {
  if (verdict === 'tie') return 'tie'
  return (verdict === 'A') === (order === 'ab') ? 'model_a' : 'model_b'
}

/** How a judge's two verdicts on an item relate: MT-bench's consistency categories. */
export type Consistency = 'consistent' | 'first position' | 'second position' | 'other'

/**
 * Both orders in the pair's terms. The same winner both ways is the verdict; anything else is a
 * tie (MT-bench's rule for inconsistent verdicts), and which way it flipped is kept: choosing A
 * both times is a bias to the first position, B both times to the second.
 */
export function combineOrders(ab: Verdict, ba: Verdict): {winner: Winner; consistency: Consistency} {
  const first = verdictWinner(ab, 'ab')
  const second = verdictWinner(ba, 'ba')
  if (first === second) return {winner: first, consistency: 'consistent'}
  const consistency = ab === 'A' && ba === 'A' ? 'first position' : ab === 'B' && ba === 'B' ? 'second position' : 'other'
  return {winner: 'tie', consistency}
}
