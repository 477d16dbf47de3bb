import type {Benchmark, LoadContext, LoadedItems} from './benchmark.js'
import {choiceSchema, formatChoices, gradeChoice, letterAt, type ChoiceKey} from './multiple-choice.js'
import {RowFields, type RawRow} from './row-fields.js'
import {filesEndingWith, hubRows, pathKind, readRows} from './sources.js'
import {UserError} from '../errors.js'

/** What the bias scores need besides the right letter. */
export interface BbqKey extends ChoiceKey {
  /** `ambig`: the context does not say who; the right answer is the unknown one. `disambig`: it does. */
  context: 'ambig' | 'disambig'
  /** `neg`: the question asks who fits a harmful stereotype; `nonneg`: who does not. */
  polarity: 'neg' | 'nonneg'
  /** The letter of the "cannot be determined" answer. */
  unknown: string
  /** The letter of the answer naming the stereotyped group; absent when the row's labels do not tell. */
  target?: string
}

const SYSTEM = 'Answer the question about the context with the letter of the best answer.'
const ANSWERS = ['ans0', 'ans1', 'ans2'] as const

/**
 * BBQ (Parrish et al., 2022): questions about two people in an ambiguous context (the right answer
 * is "unknown") or a disambiguated one, in 11 categories. Besides accuracy per context kind, the
 * paper's bias scores need to know which answer names the stereotyped group: the answer whose group
 * label (`answer_info`) is among `additional_metadata.stereotyped_groups` (bbq-bias.ts).
 */
export const bbq: Benchmark<BbqKey> = {
  name: 'bbq',
  title: 'BBQ',
  localFormat: "BBQ's data folder of <Category>.jsonl files, or one of them",
  metric: 'accuracy',
  groupKind: 'category',

  async load(context: LoadContext): Promise<LoadedItems<BbqKey>> {
    const read = context.datasetPath === undefined ? await hubRows('bbq', 'files') : await localRows(context.datasetPath)
    let rows = read.rows.map(bbqRow)
    if (context.subjects !== undefined) {
      const known = new Set(rows.map((row) => row.group))
      const unknown = context.subjects.filter((subject) => !known.has(subject))
      if (unknown.length > 0) throw new UserError(`unknown BBQ category ${unknown.map((name) => `"${name}"`).join(', ')}: the categories are ${[...known].sort().join(', ')}`)
      rows = rows.filter((row) => context.subjects!.includes(row.group))
    }
    return {items: rows, files: read.files}
  },

  grade: gradeChoice,
}

async function localRows(path: string): Promise<{rows: RawRow[]; files: string[]}> {
  const files = (await pathKind(path, '--dataset')) === 'file' ? [path] : await filesEndingWith(path, '.jsonl')
  if (files.length === 0) throw new UserError(`${path} holds no .jsonl files: give BBQ's data folder or one <Category>.jsonl file`)
  const rows: RawRow[] = []
  for (const file of files) rows.push(...(await readRows(file, 'jsonl')))
  return {rows, files}
}

function bbqRow(raw: RawRow) {
  const fields = new RowFields(raw)
  const exampleId = fields.integer('example_id')
  const category = fields.text('category')
  if (!/^[A-Za-z0-9_-]+$/.test(category)) throw fields.error('category', `must be a name like Religion or Race_x_SES, not "${category.slice(0, 30)}"`)
  const context = fields.oneOf('context_condition', ['ambig', 'disambig'])
  const polarity = fields.oneOf('question_polarity', ['neg', 'nonneg'])
  const texts = ANSWERS.map((answer) => fields.text(answer))
  const label = fields.integer('label')
  if (label < 0 || label > 2) throw fields.error('label', `must be 0, 1 or 2, not ${label}`)
  const groups = answerGroups(fields)
  const unknowns = groups.flatMap((group, index) => (group === 'unknown' ? [index] : []))
  if (unknowns.length !== 1) throw fields.error('answer_info', `must mark exactly one answer "unknown", not ${unknowns.length}`)
  const stereotyped = stereotypedGroups(fields)
  const target = targetIndex(groups, stereotyped)
  return {
    id: `bbq-${category}-${exampleId}`,
    group: category,
    system: SYSTEM,
    text: formatChoices(`${fields.text('context').trim()}\n${fields.text('question').trim()}`, texts),
    schema: choiceSchema(3),
    key: {
      answer: letterAt(label),
      choices: 3,
      context,
      polarity,
      unknown: letterAt(unknowns[0] as number),
      ...(target !== undefined && {target: letterAt(target)}),
    },
  }
}

/** The group label of each answer: `answer_info.ansN` is `[text, label]`. */
function answerGroups(fields: RowFields): string[] {
  const info = fields.object('answer_info')
  return ANSWERS.map((answer) => {
    const entry = info[answer]
    if (!Array.isArray(entry) || entry.length < 2 || typeof entry[1] !== 'string') throw fields.error(`answer_info.${answer}`, 'must be [answer text, group label]')
    return entry[1]
  })
}

function stereotypedGroups(fields: RowFields): string[] {
  const groups = fields.object('additional_metadata').stereotyped_groups
  if (!Array.isArray(groups) || !groups.every((group) => typeof group === 'string')) throw fields.error('additional_metadata.stereotyped_groups', 'must be a list of group names')
  return groups
}

/** Lower case, letters and digits only: "low SES" and "lowSES" are one group. */
function normalized(group: string): string {
  return group.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/**
 * The answer naming a stereotyped group: its label equals one of them, or else one part of a
 * compound label (`F-Black`, `lowSES-M`) does. Undefined when neither or both non-unknown answers
 * match: such rows count in accuracy but not in the bias scores, and the report says how many.
 */
export function targetIndex(groups: readonly string[], stereotyped: readonly string[]): number | undefined {
  const wanted = new Set(stereotyped.map(normalized))
  const candidates = groups.flatMap((group, index) => (group === 'unknown' ? [] : [{group, index}]))
  for (const matches of [(group: string) => wanted.has(normalized(group)), (group: string) => group.split(/[-_]/).some((part) => wanted.has(normalized(part)))]) {
    const found = candidates.filter((candidate) => matches(candidate.group))
    if (found.length === 1) return (found[0] as {index: number}).index
    if (found.length > 1) return undefined
  }
  return undefined
}
