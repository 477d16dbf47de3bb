import {basename, dirname, join} from 'node:path'

import type {Benchmark, BenchmarkItem, LoadContext, LoadedItems} from './benchmark.js'
import {MULTIPLE_CHOICE_SYSTEM, choiceSchema, formatChoices, gradeChoice, letterAt, letterIndex, withShots, type ChoiceKey} from './multiple-choice.js'
import {RowFields, rowError, type RawRow} from './row-fields.js'
import {filesEndingWith, hubRows, pathKind, readRows} from './sources.js'
import {UserError} from '../errors.js'

/** One MMLU question as both layouts give it (Hendrycks' CSV files, the Hub's Parquet). */
interface MmluRow {
  subject: string
  question: string
  choices: string[]
  /** 0 to 3. */
  answer: number
}

/**
 * MMLU (Hendrycks et al., 2021): 57 subjects of 4-choice questions, asked as the paper asks them
 * ("The following are multiple choice questions (with answers) about <subject>."), with the
 * first K questions of the subject's dev split as worked examples. Scored by letter.
 */
export const mmlu: Benchmark<ChoiceKey> = {
  name: 'mmlu',
  title: 'MMLU',
  localFormat: "the MMLU data folder (test/ and dev/ of headerless question,A,B,C,D,answer CSV files named <subject>_test.csv), its test/ folder, or one such CSV file",
  shotsFrom: "the subject's dev split (5 questions per subject)",
  metric: 'accuracy',
  groupKind: 'subject',

  async load(context: LoadContext): Promise<LoadedItems<ChoiceKey>> {
    const test = context.datasetPath === undefined ? await hubMmlu('files') : await localMmlu(context.datasetPath, 'test')
    const rows = keepSubjects(test.rows, context.subjects)
    const shots = context.shots === 0 ? undefined : await shotRows(context)
    const counters = new Map<string, number>()
    // The intro and examples are the same for every question of a subject: built once.
    const prefixes = new Map<string, string>()
    const items = rows.map((row) => {
      const number = (counters.get(row.subject) ?? 0) + 1
      counters.set(row.subject, number)
      let prefix = prefixes.get(row.subject)
      if (prefix === undefined) prefixes.set(row.subject, (prefix = subjectPrefix(row.subject, shotsFor(row.subject, shots?.rows, context.shots))))
      return toItem(row, number, prefix)
    })
    return {items, files: [...test.files, ...(shots?.files ?? [])]}
  },

  grade: gradeChoice,
}

/** The paper's line naming the subject, then the worked examples, each ending in its answer. */
function subjectPrefix(subject: string, shots: readonly MmluRow[]): string {
  const intro = `The following are multiple choice questions (with answers) about ${subject.replaceAll('_', ' ')}.`
  const examples = shots.map((shot) => ({question: formatChoices(shot.question, shot.choices), answer: letterAt(shot.answer)}))
  return withShots(intro, examples, '')
}

function toItem(row: MmluRow, number: number, prefix: string): BenchmarkItem<ChoiceKey> {
  return {
    id: `${row.subject}-${String(number).padStart(4, '0')}`,
    group: row.subject,
    system: MULTIPLE_CHOICE_SYSTEM,
    text: prefix + formatChoices(row.question, row.choices),
    schema: choiceSchema(row.choices.length),
    key: {answer: letterAt(row.answer), choices: row.choices.length},
  }
}

async function hubMmlu(split: 'files' | 'shot_files'): Promise<{rows: MmluRow[]; files: string[]}> {
  const {rows, files} = await hubRows('mmlu', split)
  return {rows: rows.map(parquetRow), files}
}

function parquetRow(raw: RawRow): MmluRow {
  const fields = new RowFields(raw)
  const subject = fields.text('subject')
  const question = fields.text('question')
  const choices = fields.strings('choices', 4)
  if (choices.length !== 4) throw fields.error('choices', `must hold 4 choices, not ${choices.length}`)
  const answer = fields.integer('answer')
  if (answer < 0 || answer > 3) throw fields.error('answer', `must be 0 to 3 (A to D), not ${answer}`)
  return {subject, question, choices, answer}
}

/** `split` is `test` or `dev`: the folder of that name inside a data folder, or the folder or file given. */
async function localMmlu(path: string, split: 'test' | 'dev'): Promise<{rows: MmluRow[]; files: string[]}> {
  const files = (await pathKind(path, '--dataset')) === 'file' ? [path] : await splitFiles(path, split)
  const rows: MmluRow[] = []
  for (const file of files) {
    const subject = basename(file).replace(/_(test|dev|val)\.csv$/, '').replace(/\.csv$/, '')
    for (const raw of await readRows(file, 'csv')) rows.push(csvRow(raw, subject))
  }
  return {rows, files}
}

async function splitFiles(folder: string, split: 'test' | 'dev'): Promise<string[]> {
  const suffix = `_${split}.csv`
  for (const candidate of [join(folder, split), folder]) {
    const found = (await pathKind(candidate, '--dataset').catch(() => undefined)) === 'folder' ? await filesEndingWith(candidate, suffix) : []
    if (found.length > 0) return found
  }
  throw new UserError(`${folder} holds no <subject>${suffix} files (nor ${join(folder, split)}): give MMLU's data folder, its ${split}/ folder, or one CSV file`)
}

function csvRow(raw: RawRow, subject: string): MmluRow {
  const cells = raw.value as string[]
  if (cells.length !== 6) throw rowError(raw.place, undefined, `has ${cells.length} cells; MMLU's layout has 6: question,A,B,C,D,answer (quote cells that hold commas)`)
  const [question, a, b, c, d, letter] = cells as [string, string, string, string, string, string]
  if (question.trim() === '') throw rowError(raw.place, 'question', 'is empty')
  const answer = letterIndex(letter.trim(), 4)
  if (answer === -1) throw rowError(raw.place, 'answer', `must be A, B, C or D, not "${letter.slice(0, 20)}"`)
  return {subject, question, choices: [a, b, c, d], answer}
}

function keepSubjects(rows: MmluRow[], subjects: readonly string[] | undefined): MmluRow[] {
  if (subjects === undefined) return rows
  const known = new Set(rows.map((row) => row.subject))
  const unknown = subjects.filter((subject) => !known.has(subject))
  if (unknown.length > 0) throw new UserError(`unknown MMLU subject ${unknown.map((name) => `"${name}"`).join(', ')}: the subjects are ${[...known].sort().join(', ')}`)
  return rows.filter((row) => subjects.includes(row.subject))
}

async function shotRows(context: LoadContext): Promise<{rows: MmluRow[]; files: string[]}> {
  if (context.shotsPath !== undefined) return localMmlu(context.shotsPath, 'dev')
  if (context.datasetPath === undefined) return hubMmlu('shot_files')
  // The data folder holds dev/ beside test/; a test/ folder or a test file has it one level up.
  const folder = (await pathKind(context.datasetPath, '--dataset')) === 'file' ? dirname(dirname(context.datasetPath)) : context.datasetPath
  const candidates = [folder, dirname(folder)]
  for (const candidate of candidates) {
    const found = await filesEndingWith(join(candidate, 'dev'), '_dev.csv').catch(() => [])
    if (found.length > 0) return localMmlu(join(candidate, 'dev'), 'dev')
  }
  throw new UserError(`--shots needs MMLU's dev split: no dev/ folder of <subject>_dev.csv files beside ${context.datasetPath}; pass --shots-dataset DEV_FOLDER`)
}

function shotsFor(subject: string, rows: readonly MmluRow[] | undefined, count: number): MmluRow[] {
  if (rows === undefined || count === 0) return []
  const own = rows.filter((row) => row.subject === subject)
  if (own.length < count) throw new UserError(`--shots ${count}: the dev split has ${own.length} questions for subject "${subject}"; ask for at most ${own.length}`)
  return own.slice(0, count)
}
