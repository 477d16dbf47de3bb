import type {Benchmark, LoadContext, LoadedItems} from './benchmark.js'
import {MULTIPLE_CHOICE_SYSTEM, choiceItems, gradeChoice, MAX_CHOICES, shuffle, type ChoiceKey} from './multiple-choice.js'
import {RowFields, type RawRow} from './row-fields.js'
import {loadSplits, numberedId} from './splits.js'
import {Random} from '../score/random.js'

interface Mc1Row {
  question: string
  /** The true answer first, as the data lists it. */
  choices: string[]
  correct: number
}

/**
 * TruthfulQA MC1 (Lin et al., 2022): one true answer among several. The data lists the true
 * answer first, so the choices are shuffled, seeded by --seed (the answer key records where the
 * true one went). MC2 is defined on the probabilities a model gives every answer, which chat APIs
 * do not return: it is not offered.
 */
export const truthfulqaMc1: Benchmark<ChoiceKey> = {
  name: 'truthfulqa-mc1',
  title: 'TruthfulQA MC1',
  localFormat: 'TruthfulQA\'s mc_task.json (a list of {"question", "mc1_targets": {"<answer>": 1 or 0, ...}})',
  metric: 'accuracy',
  groupKind: 'category',

  async load(context: LoadContext): Promise<LoadedItems<ChoiceKey>> {
    const {rows, files} = await loadSplits('truthfulqa-mc1', 'json', context, mc1Row)
    const random = new Random(context.seed)
    const questions = rows.map((row, index) => {
      const order = shuffle(
        row.choices.map((_, position) => position),
        random,
      )
      return {id: numberedId('truthfulqa', index), group: 'all', question: row.question, choices: order.map((position) => row.choices[position] as string), answer: order.indexOf(row.correct)}
    })
    return {items: choiceItems(questions, [], MULTIPLE_CHOICE_SYSTEM), files}
  },

  grade: gradeChoice,
}

/** mc_task.json maps each answer to 1 or 0; the Hub's Parquet has parallel lists `choices` and `labels`. */
function mc1Row(raw: RawRow): Mc1Row {
  const fields = new RowFields(raw)
  const question = fields.text('question')
  const targets = fields.object('mc1_targets')
  const hubLayout = Array.isArray(targets.choices) && Array.isArray(targets.labels)
  const choices = hubLayout ? (targets.choices as unknown[]) : Object.keys(targets)
  const labels = hubLayout ? (targets.labels as unknown[]).map((label) => Number(label)) : Object.values(targets)
  if (choices.length < 2 || choices.length > MAX_CHOICES || labels.length !== choices.length) {
    throw fields.error('mc1_targets', `must give 2 to ${MAX_CHOICES} answers, each labelled 1 or 0`)
  }
  if (!choices.every((choice) => typeof choice === 'string') || !labels.every((label) => label === 0 || label === 1)) {
    throw fields.error('mc1_targets', 'must map each answer (a string) to 1 or 0')
  }
  const correct = labels.indexOf(1)
  if (correct === -1 || labels.lastIndexOf(1) !== correct) throw fields.error('mc1_targets', `must mark exactly one answer true (1), not ${labels.filter((label) => label === 1).length}`)
  return {question, choices, correct}
}
