import type {Benchmark, LoadContext, LoadedItems} from './benchmark.js'
import {choiceItems, gradeChoice, type ChoiceKey} from './multiple-choice.js'
import {RowFields, type RawRow} from './row-fields.js'
import {loadSplits, numberedId} from './splits.js'

interface HellaswagRow {
  /** `ind` in the release; absent from reduced copies. */
  ind?: number
  activity?: string
  context: string
  endings: string[]
  label: number
}

const SYSTEM = 'Pick the ending that most plausibly continues the text. Answer with its letter.'

/**
 * HellaSwag (Zellers et al., 2019): pick the ending of four that continues the text, scored by
 * letter on the validation split (the test split has no labels). Worked examples come from the
 * train split.
 */
export const hellaswag: Benchmark<ChoiceKey> = {
  name: 'hellaswag',
  title: 'HellaSwag',
  localFormat: 'the HellaSwag JSONL file (one {"ctx", "endings", "label"} per line, "ind" and "activity_label" where the release has them)',
  shotsFrom: 'the train split (its first K rows)',
  metric: 'accuracy',
  groupKind: 'category',

  async load(context: LoadContext): Promise<LoadedItems<ChoiceKey>> {
    const {rows, shots, files} = await loadSplits('hellaswag', 'jsonl', context, hellaswagRow)
    const questions = rows.map((row, index) => ({
      id: row.ind === undefined ? numberedId('hellaswag', index) : `hellaswag-${row.ind}`,
      group: row.activity ?? 'all',
      question: row.context,
      choices: row.endings,
      answer: row.label,
    }))
    const examples = shots.map((shot) => ({question: shot.context, choices: shot.endings, answer: shot.label}))
    return {items: choiceItems(questions, examples, SYSTEM), files}
  },

  grade: gradeChoice,
}

function hellaswagRow(raw: RawRow): HellaswagRow {
  const fields = new RowFields(raw)
  const ind = fields.has('ind') ? fields.integer('ind') : undefined
  const activity = fields.optionalText('activity_label')
  const context = fields.text('ctx')
  const endings = fields.strings('endings', 2)
  // The release writes the label as a number, the Hub's Parquet as a string; the test split leaves it empty.
  if (!fields.has('label') || (raw.value as {label: unknown}).label === '') throw fields.error('label', 'is missing: this split has no answers (HellaSwag\'s test split); use the validation split')
  const label = fields.integer('label')
  if (label < 0 || label >= endings.length) throw fields.error('label', `must be 0 to ${endings.length - 1}, not ${label}`)
  return {...(ind !== undefined && {ind}), ...(activity !== undefined && {activity}), context, endings, label}
}
