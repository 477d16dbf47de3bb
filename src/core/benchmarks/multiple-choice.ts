import {answerField, failedOutcome, type BenchmarkItem, type Grade} from './benchmark.js'
import type {OutputSchema} from '../prepare/request.js'
import type {ResultLine} from '../results/result.js'
import type {Random} from '../score/random.js'

/** What `score` needs of a multiple-choice question: the right letter, and how many were offered. */
export interface ChoiceKey {
  answer: string
  choices: number
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

export const MULTIPLE_CHOICE_SYSTEM = 'Answer the multiple-choice question with the letter of the one best answer.'

export function letterAt(index: number): string {
  return LETTERS[index] as string
}

/** The position of a letter among `count` choices, or -1. */
export function letterIndex(letter: string, count: number): number {
  const index = LETTERS.indexOf(letter)
  return letter.length === 1 && index >= 0 && index < count ? index : -1
}

/** The most choices a question may have: one letter each. */
export const MAX_CHOICES = LETTERS.length

const schemas = new Map<number, OutputSchema>()

/**
 * The answer is an enum of the offered letters: every vendor's structured output then constrains
 * the reply to one of them, and no reading of free text is needed.
 */
export function choiceSchema(count: number): OutputSchema {
  let schema = schemas.get(count)
  if (schema === undefined) {
    schema = {
      name: 'MultipleChoiceAnswer',
      schema: {
        type: 'object',
        properties: {answer: {type: 'string', enum: [...LETTERS.slice(0, count)], description: 'The letter of the chosen answer.'}},
        required: ['answer'],
        additionalProperties: false,
      },
    }
    schemas.set(count, schema)
  }
  return schema
}

/**
 * A question and its lettered choices, as the published prompts of MMLU and its kin lay them out.
 * Concatenated in a loop: building an array to join took 6 times as long, a fifth of loading MMLU.
 */
export function formatChoices(question: string, choices: readonly string[]): string {
  let text = question.trim()
  for (let index = 0; index < choices.length; index++) text += '\n' + letterAt(index) + '. ' + (choices[index] as string).trim()
  return text
}

/** Worked examples (each a question with its choices, then `Answer: X`), then the question. */
export function withShots(intro: string | undefined, shots: readonly {question: string; answer: string}[], question: string): string {
  const blocks = shots.map((shot) => `${shot.question}\nAnswer: ${shot.answer}`)
  return [...(intro === undefined ? [] : [intro]), ...blocks, question].join('\n\n')
}

/** A multiple-choice question as a benchmark module reads it; `answer` is the right choice's position. */
export interface ChoiceRow {
  id: string
  group: string
  question: string
  choices: readonly string[]
  answer: number
}

/** Each question after the worked examples (none without --shots), its reply constrained to its letters. */
export function choiceItems(rows: readonly ChoiceRow[], shots: readonly Omit<ChoiceRow, 'id' | 'group'>[], system: string): BenchmarkItem<ChoiceKey>[] {
  const prefix = withShots(undefined, shots.map((shot) => ({question: formatChoices(shot.question, shot.choices), answer: letterAt(shot.answer)})), '')
  return rows.map((row) => ({
    id: row.id,
    group: row.group,
    system,
    text: prefix + formatChoices(row.question, row.choices),
    schema: choiceSchema(row.choices.length),
    key: {answer: letterAt(row.answer), choices: row.choices.length},
  }))
}

/** Right when the structured reply names the right letter; a letter that was not offered, or none, is unparseable. */
export function gradeChoice(key: ChoiceKey, line: ResultLine): Grade {
  const failed = failedOutcome(line)
  if (failed !== undefined) return {outcome: failed}
  const answer = answerField(line)?.trim()
  if (answer === undefined || letterIndex(answer, key.choices) === -1) return {outcome: 'unparseable'}
  return {outcome: answer === key.answer ? 'correct' : 'wrong', answer}
}

/** Fisher-Yates with bench's seeded generator: the same seed gives the same order on every machine. */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items]
  for (let index = copy.length - 1; index > 0; index--) {
    const other = random.uint32() % (index + 1)
    ;[copy[index], copy[other]] = [copy[other] as T, copy[index] as T]
  }
  return copy
}
