import {answerField, failedOutcome, type Benchmark, type Grade, type LoadContext, type LoadedItems} from './benchmark.js'
import {canonicalNumber, gsm8kFinalAnswer} from './numbers.js'
import {RowFields, type RawRow} from './row-fields.js'
import {loadSplits, numberedId} from './splits.js'
import type {OutputSchema} from '../prepare/request.js'
import type {ResultLine} from '../results/result.js'

/** The reference answer in canonical form (numbers.ts). */
export interface NumberKey {
  answer: string
}

interface Gsm8kRow {
  question: string
  solution: string
  answer: string
}

const SYSTEM = [
  'Solve the grade-school math word problem.',
  'Work it out step by step in "reasoning", then give the final answer in "answer" as a number only:',
  'digits, with a minus sign or a decimal point if needed, and no units, currency signs or thousands separators.',
].join(' ')

/** Reasoning first, so the model works before it commits; the answer is a string, read by numbers.ts, not guessed at. */
const SCHEMA: OutputSchema = {
  name: 'NumericAnswer',
  schema: {
    type: 'object',
    properties: {
      reasoning: {type: 'string', description: 'The working, step by step.'},
      answer: {type: 'string', description: 'The final answer: a number only, e.g. 42, -3 or 2.5.'},
    },
    required: ['reasoning', 'answer'],
    additionalProperties: false,
  },
}

/**
 * GSM8K (Cobbe et al., 2021): grade-school word problems, scored on the final number after `####`
 * in the reference solution. Worked examples (--shots) are the first K problems of the train
 * split with their solutions, calculator annotations (`<<48/2=24>>`) removed.
 */
export const gsm8k: Benchmark<NumberKey> = {
  name: 'gsm8k',
  title: 'GSM8K',
  localFormat: 'the GSM8K JSONL file (one {"question", "answer"} per line, the answer ending in "#### <number>")',
  shotsFrom: 'the train split (its first K problems)',
  metric: 'accuracy',
  groupKind: 'category',

  async load(context: LoadContext): Promise<LoadedItems<NumberKey>> {
    const {rows, shots, files} = await loadSplits('gsm8k', 'jsonl', context, gsm8kRow)
    const prefix = shots.map((shot) => `Question: ${shot.question.trim()}\nAnswer: ${withoutAnnotations(shot.solution)}`)
    const items = rows.map((row, index) => ({
      id: numberedId('gsm8k', index),
      group: 'all',
      system: SYSTEM,
      text: [...prefix, `Question: ${row.question.trim()}`].join('\n\n'),
      schema: SCHEMA,
      key: {answer: row.answer},
    }))
    return {items, files}
  },

  grade(key: NumberKey, line: ResultLine): Grade {
    const failed = failedOutcome(line)
    if (failed !== undefined) return {outcome: failed}
    const written = answerField(line)
    const answer = written === undefined ? undefined : canonicalNumber(written)
    if (answer === undefined) return {outcome: 'unparseable'}
    return {outcome: answer === key.answer ? 'correct' : 'wrong', answer}
  },
}

function gsm8kRow(raw: RawRow): Gsm8kRow {
  const fields = new RowFields(raw)
  const question = fields.text('question')
  const solution = fields.text('answer')
  const answer = gsm8kFinalAnswer(solution)
  if (answer === undefined) throw fields.error('answer', 'must end with "#### <number>", the final answer')
  return {question, solution, answer}
}

function withoutAnnotations(solution: string): string {
  return solution.replace(/<<[^>]*>>/g, '').trim()
}
