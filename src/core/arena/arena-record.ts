import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {writeFileAtomic} from '../atomic.js'
import {UserError} from '../errors.js'
import type {AnswerSource, ArenaModel, ArenaPrompt} from './answers.js'
import type {ArenaPair, MissingAnswers, Pairing} from './pairing.js'

export const ARENA_DIR = 'arena'

/** A judge batch of the arena, as `bench arena judge` wrote it. */
export interface ArenaJudgeBatch {
  batch: string
  provider: string
  model: string
}

/**
 * The arena: what people and judges compare. The prompts and answers are copied in, so the page
 * and the judges show exactly the text that was paired, whatever happens to the files it came from.
 */
export interface ArenaRecord {
  version: 1
  name: string
  created_at: string
  source: AnswerSource
  pairing: Pairing
  models: ArenaModel[]
  prompts: ArenaPrompt[]
  /** model -> prompt id -> one answer per turn; only the answers some pair uses. */
  answers: Record<string, Record<string, string[]>>
  pairs: ArenaPair[]
  candidates: number
  missing: MissingAnswers[]
  judge_batches: ArenaJudgeBatch[]
}

/** One thing to vote on: a pair at one turn of its prompt. */
export interface ArenaItem {
  /** `<pair id>-t<turn>`, e.g. `p012-t2`. */
  id: string
  pair: ArenaPair
  /** 1-based. */
  turn: number
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/

export function assertArenaName(name: string): void {
  if (!NAME_PATTERN.test(name)) throw new UserError(`invalid arena name "${name}": use letters, digits, ".", "_" and "-" (at most 100), starting with a letter or digit`)
}

export function arenaRecordPath(name: string): string {
  return join(ARENA_DIR, `${name}.arena.json`)
}

/** Where `bench arena serve` keeps the votes unless told otherwise. */
export function defaultVotesPath(name: string): string {
  return join(ARENA_DIR, `${name}.sqlite`)
}

export async function readArena(name: string): Promise<ArenaRecord> {
  assertArenaName(name)
  const path = arenaRecordPath(name)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`no arena named "${name}" (${path}): make it with \`bench arena pairs --name ${name}\``)
    throw error
  }
  const record = JSON.parse(text) as ArenaRecord
  if (record.version !== 1 || record.name !== name || !Array.isArray(record.pairs)) throw new UserError(`${path} is not an arena record of this bench version: make it again with \`bench arena pairs\``)
  return record
}

export async function findArena(name: string): Promise<ArenaRecord | undefined> {
  try {
    return await readArena(name)
  } catch (error) {
    if (error instanceof UserError && error.message.startsWith('no arena named')) return undefined
    throw error
  }
}

export async function writeArena(record: ArenaRecord): Promise<void> {
  await writeFileAtomic(arenaRecordPath(record.name), JSON.stringify(record, null, 1) + '\n')
}

/** Every item of the arena, in pair order then turn order. */
export function arenaItems(record: ArenaRecord): ArenaItem[] {
  const turns = new Map(record.prompts.map((prompt) => [prompt.id, prompt.turns.length]))
  return record.pairs.flatMap((pair) => Array.from({length: turns.get(pair.prompt) ?? 0}, (_, index) => ({id: `${pair.id}-t${index + 1}`, pair, turn: index + 1})))
}

/** What an item shows: the user's turns up to its own, and each side's answers to them. */
export interface ItemConversation {
  prompt: ArenaPrompt
  turn: number
  /** The user's messages, turns 1..turn. */
  user: string[]
  /** Each model's answers, turns 1..turn. */
  answers: Record<string, string[]>
}

export function itemConversation(record: ArenaRecord, item: ArenaItem): ItemConversation {
  const prompt = record.prompts.find((candidate) => candidate.id === item.pair.prompt)!
  const side = (model: string): string[] => record.answers[model]![prompt.id]!.slice(0, item.turn)
  return {
    prompt,
    turn: item.turn,
    user: prompt.turns.slice(0, item.turn),
    answers: {[item.pair.model_a]: side(item.pair.model_a), [item.pair.model_b]: side(item.pair.model_b)},
  }
}
