import {answerField, failedOutcome, type Benchmark, type BenchmarkItem, type Grade, type LoadContext, type LoadedItems} from './benchmark.js'
import {MAX_CHOICES, MULTIPLE_CHOICE_SYSTEM, choiceSchema, formatChoices, gradeChoice, letterAt, letterIndex, type ChoiceKey} from './multiple-choice.js'
import {canonicalNumber} from './numbers.js'
import {RowFields, type RawRow} from './row-fields.js'
import {loadSplits, numberedId} from './splits.js'
import {UserError} from '../errors.js'
import type {OutputSchema} from '../prepare/request.js'
import type {ResultLine} from '../results/result.js'

/** A multiple-choice question's key, or an exact answer's. */
export type CustomKey = ChoiceKey | {exact: string}

const EXACT_SYSTEM = 'Answer the question. Give only the answer in "answer", with no explanation.'

const EXACT_SCHEMA: OutputSchema = {
  name: 'ExactAnswer',
  schema: {
    type: 'object',
    properties: {answer: {type: 'string', description: 'The answer alone.'}},
    required: ['answer'],
    additionalProperties: false,
  },
}

/**
 * Your own questions, through the same path as the standard benchmarks: a JSONL file of
 * `{"question", "choices"?, "answer", "id"?, "group"?}`. With `choices`, a multiple-choice
 * question whose `answer` is a letter or the text of one choice; without, an exact answer,
 * compared as a number when both sides are numbers and otherwise as text, ignoring case and spacing.
 */
export const custom: Benchmark<CustomKey> = {
  name: 'custom',
  title: 'your questions',
  localFormat: 'a JSONL file of {"question", "choices"?: [...], "answer", "id"?, "group"?}',
  metric: 'accuracy',
  groupKind: 'category',

  async load(context: LoadContext): Promise<LoadedItems<CustomKey>> {
    if (context.datasetPath === undefined) throw new UserError('--benchmark custom reads your own questions: pass --dataset FILE.jsonl')
    const {rows, files} = await loadSplits('custom', 'jsonl', context, customRow)
    const ids = new Map<string, number>()
    const items = rows.map((row, index) => {
      const id = row.id ?? numberedId('q', index)
      const first = ids.get(id)
      if (first !== undefined) throw new UserError(`${context.datasetPath}: questions ${first} and ${index + 1} share the id "${id}"; give each question its own id`)
      ids.set(id, index + 1)
      return {...row.item, id}
    })
    return {items, files}
  },

  grade(key: CustomKey, line: ResultLine): Grade {
    if ('choices' in key) return gradeChoice(key, line)
    const failed = failedOutcome(line)
    if (failed !== undefined) return {outcome: failed}
    const answer = answerField(line)
    if (answer === undefined || answer.trim() === '') return {outcome: 'unparseable'}
    return {outcome: sameAnswer(answer, key.exact) ? 'correct' : 'wrong', answer}
  },
}

function customRow(raw: RawRow): {id?: string; item: Omit<BenchmarkItem<CustomKey>, 'id'>} {
  const fields = new RowFields(raw)
  const id = fields.optionalText('id')
  const group = fields.optionalText('group') ?? 'all'
  const question = fields.text('question')
  const answer = fields.text('answer').trim()
  if (!fields.has('choices')) {
    return {...(id !== undefined && {id}), item: {group, system: EXACT_SYSTEM, text: question, schema: EXACT_SCHEMA, key: {exact: answer}}}
  }
  const choices = fields.strings('choices', 2)
  if (choices.length > MAX_CHOICES) throw fields.error('choices', `holds ${choices.length} choices; at most ${MAX_CHOICES}`)
  const byLetter = letterIndex(answer, choices.length)
  const index = byLetter !== -1 ? byLetter : choices.findIndex((choice) => choice.trim() === answer)
  if (index === -1) throw fields.error('answer', `must be a letter from A to ${letterAt(choices.length - 1)} or the text of one choice, not "${answer.slice(0, 40)}"`)
  return {
    ...(id !== undefined && {id}),
    item: {group, system: MULTIPLE_CHOICE_SYSTEM, text: formatChoices(question, choices), schema: choiceSchema(choices.length), key: {answer: letterAt(index), choices: choices.length}},
  }
}

function sameAnswer(given: string, expected: string): boolean {
  const number = canonicalNumber(expected)
  if (number !== undefined) return canonicalNumber(given) === number
  const plain = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase()
  return plain(given) === plain(expected)
}
