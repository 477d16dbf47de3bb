import type {Benchmark, LoadContext, LoadedItems} from './benchmark.js'
import {MULTIPLE_CHOICE_SYSTEM, choiceItems, gradeChoice, letterAt, letterIndex, MAX_CHOICES, type ChoiceKey} from './multiple-choice.js'
import {RowFields, type RawRow} from './row-fields.js'
import {loadSplits, numberedId} from './splits.js'

interface MedqaRow {
  question: string
  options: string[]
  answer: number
  step?: string
}

/**
 * MedQA (Jin et al., 2021), USMLE questions with 4 options (the Hub's GBaker/MedQA-USMLE-4-options,
 * MedQA's own `phrases_no_exclude_*.jsonl`); the 5-option release reads the same way. Scored by
 * letter; grouped by exam step (`meta_info`). Worked examples come from the train split.
 */
export const medqa: Benchmark<ChoiceKey> = {
  name: 'medqa',
  title: 'MedQA (USMLE)',
  localFormat: 'the MedQA JSONL file (one {"question", "options": {"A": ..., "D": ...}, "answer_idx", "answer", "meta_info"} per line)',
  shotsFrom: 'the train split (its first K questions)',
  metric: 'accuracy',
  groupKind: 'category',

  async load(context: LoadContext): Promise<LoadedItems<ChoiceKey>> {
    const {rows, shots, files} = await loadSplits('medqa', 'jsonl', context, medqaRow)
    const questions = rows.map((row, index) => ({id: numberedId('medqa', index), group: row.step ?? 'all', question: row.question, choices: row.options, answer: row.answer}))
    const examples = shots.map((shot) => ({question: shot.question, choices: shot.options, answer: shot.answer}))
    return {items: choiceItems(questions, examples, MULTIPLE_CHOICE_SYSTEM), files}
  },

  grade: gradeChoice,
}

function medqaRow(raw: RawRow): MedqaRow {
  const fields = new RowFields(raw)
  const question = fields.text('question')
  const options = fields.object('options')
  const letters = Object.keys(options).sort()
  if (letters.length < 2 || letters.length > MAX_CHOICES || letters.some((letter, index) => letter !== letterAt(index))) {
    throw fields.error('options', `must be keyed A, B, C... in order, not ${letters.join(', ')}`)
  }
  const texts = letters.map((letter) => {
    const text = options[letter]
    if (typeof text !== 'string') throw fields.error(`options.${letter}`, 'must be a string')
    return text
  })
  const answerLetter = fields.text('answer_idx').trim()
  const answer = letterIndex(answerLetter, texts.length)
  if (answer === -1) throw fields.error('answer_idx', `must be one of the options' letters (${letters.join(', ')}), not "${answerLetter.slice(0, 10)}"`)
  // The release also spells the answer out; a row where the two disagree is corrupt, not a question to score.
  const spelled = fields.optionalText('answer')
  if (spelled !== undefined && spelled.trim() !== (texts[answer] as string).trim()) throw fields.error('answer', `is "${spelled.slice(0, 40)}" but option ${answerLetter} is "${(texts[answer] as string).slice(0, 40)}"`)
  const step = fields.optionalText('meta_info')
  return {question, options: texts, answer, ...(step !== undefined && {step})}
}
