import {UserError} from '../errors.js'
import type {AnswerSet} from './answers.js'
import {arenaRecordPath, assertArenaName, findArena, writeArena, type ArenaRecord} from './arena-record.js'
import {makePairs, type Pairing} from './pairing.js'

export interface ArenaCreation {
  record: ArenaRecord
  /** False when the same arena was already there (the same command run again): it was left as it was. */
  written: boolean
}

/**
 * Pairs the answers and writes the arena record. Running the same command again finds the same
 * record and leaves it; different answers or pairing under an existing name are refused, since
 * votes and verdicts already given refer to the existing pairs.
 */
export async function createArena(name: string, set: AnswerSet, pairing: Pairing): Promise<ArenaCreation> {
  assertArenaName(name)
  const {pairs, candidates, missing} = makePairs(set, pairing)
  const used = new Set(pairs.flatMap((pair) => [`${pair.model_a}\n${pair.prompt}`, `${pair.model_b}\n${pair.prompt}`]))
  const answers: ArenaRecord['answers'] = {}
  for (const [model, byPrompt] of set.answers) {
    answers[model] = Object.fromEntries([...byPrompt].filter(([prompt]) => used.has(`${model}\n${prompt}`)))
  }
  const prompts = set.prompts.filter((prompt) => pairs.some((pair) => pair.prompt === prompt.id))
  const content = {source: set.source, pairing, models: set.models, prompts, answers, pairs, candidates, missing}
  const existing = await findArena(name)
  if (existing !== undefined) {
    const {version: _version, name: _name, created_at: _created, judge_batches: _judges, ...stored} = existing
    // Compared as written: JSON drops undefined keys, and the record keeps the order of `content`.
    if (JSON.stringify(stored) === JSON.stringify(content)) return {record: existing, written: false}
    throw new UserError(`arena "${name}" exists with other answers or pairs (${arenaRecordPath(name)}); votes and verdicts refer to its pairs: pick another --name`)
  }
  const record: ArenaRecord = {version: 1, name, created_at: new Date().toISOString(), ...content, judge_batches: []}
  await writeArena(record)
  return {record, written: true}
}
