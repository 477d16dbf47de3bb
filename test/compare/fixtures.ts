import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {riddleRecord} from '../dataset/riddle-fixture.js'
import {Random} from '../../src/core/score/random.js'

export interface FixtureJudge {
  provider: string
  model: string
}

export interface FixtureModel {
  provider: string
  model: string
  hints?: number
  /** Chance that the model solves a riddle. */
  skill: number
  /** The answer text of riddle `index`, when a test needs particular text. */
  answer?: (index: number) => string
}

export interface Fixture {
  riddles: number
  models: FixtureModel[]
  judges: FixtureJudge[]
  seed?: number
  /** Each judge agrees with the truth this often (default 0.95). */
  judgeAccuracy?: number
}

export const CATEGORIES = ['Write Answer', 'Multiple Choice', 'Matchstick']

export function riddleId(index: number): string {
  return `R-${String(index).padStart(4, '0')}`
}

/**
 * batchling-format files for `bench compare`: for each model, `benchmark_<...>.jsonl` (its answers)
 * and one `judge_<...>_by_<judge>.jsonl` per judge. Seeded, so every run writes the same files.
 */
export async function writeBatchlingFixture(directory: string, fixture: Fixture): Promise<void> {
  await mkdir(directory, {recursive: true})
  const random = new Random(fixture.seed ?? 1)
  const accuracy = fixture.judgeAccuracy ?? 0.95
  for (const model of fixture.models) {
    const batch = `${model.provider}_${model.model.replace(/[^A-Za-z0-9-]/g, '-')}_llm_hints_${model.hints ?? 0}`
    const truth = Array.from({length: fixture.riddles}, () => random.float() < model.skill)
    const answers = truth.map((_, index) => {
      const answer = model.answer?.(index) ?? `answer ${index}`
      return JSON.stringify({id: null, custom_id: riddleId(index), answer: JSON.stringify({justification: `because ${index}`, answer}), model: model.model, original: {}})
    })
    await writeFile(join(directory, `benchmark_${batch}.jsonl`), answers.join('\n') + '\n')
    for (const judge of fixture.judges) {
      const lines = truth.map((correct, index) => {
        const verdict = random.float() < accuracy ? correct : !correct
        const answer = JSON.stringify({is_answer_correct: verdict, is_justification_correct: verdict})
        return JSON.stringify({id: null, custom_id: riddleId(index), answer, model: judge.model, original: {}})
      })
      await writeFile(join(directory, `judge_${batch}_by_${judge.provider}_${judge.model}.jsonl`), lines.join('\n') + '\n')
    }
  }
}

/** A Layton-schema dataset of the fixture's riddles, categories in turn. */
export async function writeDataset(file: string, riddles: number): Promise<string> {
  const lines = Array.from({length: riddles}, (_, index) => JSON.stringify(riddleRecord({id: riddleId(index), category: CATEGORIES[index % CATEGORIES.length]})))
  await writeFile(file, lines.join('\n') + '\n')
  return file
}
