import {readdir} from 'node:fs/promises'
import {basename, join} from 'node:path'

import type {Split} from '../batch/manifest.js'
import {sanitizeModel} from '../batch/naming.js'
import {loadRiddles} from '../dataset/dataset.js'
import {UserError, lineError} from '../errors.js'
import {readJsonl} from '../jsonl.js'
import {assertReadableFile} from '../jury/judge-files.js'
import {humanLabelColumn} from '../score/calibration.js'
import type {ScoreField} from '../score/judgement.js'

/** One answer people have labelled: what a candidate judge is asked, and what people said. */
export interface LabelledItem {
  /** Unique in the set, safe as a custom_id. */
  id: string
  question: string
  reference?: string
  prediction: string
  /** The people's verdict: true when the answer is correct. */
  label: boolean
}

export interface LabelledSet {
  file: string
  /** `layton pool` (a ppi_<split>.jsonl, with predictions and riddles beside it) or `jsonl` (the user's own). */
  kind: 'layton pool' | 'jsonl'
  /** What the judges are asked to decide, in the words people labelled. */
  criterion: string
  items: LabelledItem[]
  /** Rows without a human label, left out. */
  unlabelled: number
}

export interface LaytonPoolInputs {
  /** The folder of the labelled models' answer files (`benchmark_<provider>_<model>_<split>_hints_<n>.jsonl`, batchling's or bench's). */
  predictions?: string
  /** A local Layton dataset file; else the Hub dataset (cached). */
  dataset?: string
  field: ScoreField
}

const ID = /^[A-Za-z0-9_-]{1,56}$/

const LAYTON_CRITERIA: Record<ScoreField, string> = {
  both_correct: 'Whether both the final answer and its justification are correct, judged against the reference answer and justification.',
  is_answer_correct: 'Whether the final answer is correct, judged against the reference answer.',
  is_justification_correct: 'Whether the justification is correct, judged against the reference justification.',
}

const JSONL_CRITERION = 'Whether the answer is correct: it answers the question, and agrees with the reference answer where one is given.'

/**
 * Reads the labelled answers. A user's JSONL: one `{"id"?, "question"?, "reference"?,
 * "prediction", "label": true | false}` per line. A Layton calibration pool (`riddle_id`,
 * `human_<field>` columns): each labelled row's answer comes from the predictions folder, its
 * riddle and reference answer from the dataset.
 */
export async function readLabels(file: string, layton: LaytonPoolInputs): Promise<LabelledSet> {
  await assertReadableFile(file, 'labels file')
  let pool: boolean | undefined
  for await (const {value} of readJsonl<Record<string, unknown>>(file)) {
    pool = typeof value === 'object' && value !== null && 'riddle_id' in value
    break
  }
  if (pool !== undefined) return pool ? readLaytonPool(file, layton) : readUserLabels(file)
  throw new UserError(`labels file ${file} is empty: one labelled answer per line, {"prediction", "label": true | false, "reference"?, "question"?}`)
}

async function readUserLabels(file: string): Promise<LabelledSet> {
  const items: LabelledItem[] = []
  const seen = new Set<string>()
  let unlabelled = 0
  for await (const {line, value} of readJsonl<Record<string, unknown>>(file)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw lineError(file, line, undefined, 'must be an object {"prediction", "label", "reference"?, "question"?, "id"?}')
    const id = value.id ?? `item-${line}`
    if (typeof id !== 'string' || !ID.test(id)) throw lineError(file, line, 'id', 'must be letters, digits, "_" and "-" (at most 56)')
    if (seen.has(id)) throw lineError(file, line, 'id', `"${id}" appears twice`)
    seen.add(id)
    if (typeof value.prediction !== 'string') throw lineError(file, line, 'prediction', 'must be the answer text, a string')
    for (const field of ['question', 'reference'] as const) {
      if (value[field] !== undefined && typeof value[field] !== 'string') throw lineError(file, line, field, 'must be a string when given')
    }
    if (value.label === null || value.label === undefined) {
      unlabelled += 1
      continue
    }
    if (typeof value.label !== 'boolean') throw lineError(file, line, 'label', 'must be true (correct), false or null (not labelled)')
    items.push({
      id,
      question: (value.question as string | undefined) ?? '(The question was not given: judge the answer on its own and against the reference.)',
      prediction: value.prediction,
      label: value.label,
      ...(typeof value.reference === 'string' && {reference: value.reference}),
    })
  }
  return checked({file, kind: 'jsonl', criterion: JSONL_CRITERION, items, unlabelled})
}

interface PoolRow {
  line: number
  riddle: string
  provider: string
  model: string
  hints: number
  label: boolean
}

async function readLaytonPool(file: string, inputs: LaytonPoolInputs): Promise<LabelledSet> {
  if (inputs.predictions === undefined) {
    throw new UserError(`${file} is a Layton calibration pool, which holds no answers: pass --predictions DIR, the folder of its models' answer files (benchmark_<provider>_<model>_<split>_hints_<n>.jsonl)`)
  }
  const column = humanLabelColumn(inputs.field)
  const rows: PoolRow[] = []
  let unlabelled = 0
  for await (const {line, value} of readJsonl<Record<string, unknown>>(file)) {
    const {riddle_id: riddle, provider, model, n_hints: hints} = value
    if (typeof riddle !== 'string' || typeof provider !== 'string' || typeof model !== 'string' || typeof hints !== 'number') {
      throw lineError(file, line, undefined, 'a calibration row has "riddle_id", "provider", "model" and "n_hints"')
    }
    const label = value[column]
    if (label === null || label === undefined) {
      unlabelled += 1
      continue
    }
    if (typeof label !== 'boolean') throw lineError(file, line, column, 'must be true, false or null')
    rows.push({line, riddle, provider, model, hints, label})
  }
  const split = (/^ppi_(llm|vlm)\.jsonl$/.exec(basename(file))?.[1] ?? 'llm') as Split
  const answers = await readAnswerFiles(inputs.predictions, rows, split)
  const riddles = new Map<string, {question: string; reference: string}>()
  const wanted = new Set(rows.map((row) => row.riddle))
  const source = inputs.dataset === undefined ? ({kind: 'hub', split} as const) : ({kind: 'file', path: inputs.dataset} as const)
  for await (const riddle of loadRiddles(source, {split})) {
    if (wanted.has(riddle.id)) riddles.set(riddle.id, {question: riddle.description, reference: `Answer: ${riddle.answer}\nJustification: ${riddle.justification}`})
  }
  const items = rows.map((row): LabelledItem => {
    const riddle = riddles.get(row.riddle)
    if (riddle === undefined) throw lineError(file, row.line, 'riddle_id', `"${row.riddle}" is not in the dataset${inputs.dataset === undefined ? '' : ` ${inputs.dataset}`}: pass the dataset the pool was labelled on (--dataset)`)
    const prediction = answers.get(answerKey(row))
    if (prediction === undefined) throw lineError(file, row.line, 'riddle_id', `no answer to "${row.riddle}" in ${answerFile(row, split)} under ${inputs.predictions}`)
    return {id: `${sanitizeModel(row.model)}_${row.riddle}`.slice(0, 56), label: row.label, prediction, ...riddle}
  })
  return checked({file, kind: 'layton pool', criterion: LAYTON_CRITERIA[inputs.field], items, unlabelled})
}

function answerKey(row: PoolRow): string {
  return `${row.provider}\n${row.model}\n${row.hints}\n${row.riddle}`
}

/** `benchmark_<provider>_<model, sanitized>_<split>_hints_<n>.jsonl`, as layton-eval and bench name them. */
function answerFile(row: PoolRow, split: Split): string {
  return `benchmark_${row.provider}_${sanitizeModel(row.model)}_${split}_hints_${row.hints}.jsonl`
}

/** Each labelled model's answers, from its file in the folder: batchling's `answer` or bench's `text`. */
async function readAnswerFiles(folder: string, rows: readonly PoolRow[], split: Split): Promise<Map<string, string>> {
  let present: Set<string>
  try {
    present = new Set(await readdir(folder))
  } catch (error) {
    throw new UserError(`cannot read the predictions folder ${folder} (${(error as NodeJS.ErrnoException).code ?? String(error)}): pass --predictions DIR`)
  }
  const answers = new Map<string, string>()
  const models = new Map(rows.map((row) => [answerFile(row, split), row]))
  for (const [name, row] of models) {
    if (!present.has(name)) throw new UserError(`the pool labels answers of ${row.provider} ${row.model}, but ${folder} has no ${name}: add it, or drop those rows from the pool`)
    const path = join(folder, name)
    for await (const {line, value} of readJsonl<{custom_id?: unknown; answer?: unknown; text?: unknown}>(path)) {
      if (typeof value?.custom_id !== 'string') throw lineError(path, line, 'custom_id', 'missing: an answer file has one line per riddle')
      const text = typeof value.text === 'string' ? value.text : typeof value.answer === 'string' ? value.answer : ''
      answers.set(answerKey({...row, riddle: value.custom_id}), text)
    }
  }
  return answers
}

function checked(set: LabelledSet): LabelledSet {
  if (set.items.length === 0) throw new UserError(`labels file ${set.file} has no labelled answer (${set.unlabelled} rows without a label): label some, or pass another file`)
  const ids = new Set<string>()
  for (const item of set.items) {
    if (ids.has(item.id)) throw new UserError(`labels file ${set.file}: two labelled answers share the id "${item.id}"`)
    ids.add(item.id)
  }
  return set
}
