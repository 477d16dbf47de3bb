import {mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import {readLabels, type LaytonPoolInputs} from '../../src/core/judges/labels.js'

let dir: string
let dataset: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-labels-'))
  // The sample's first riddle as riddle R-1, the only one the pools below label.
  const riddle = JSON.parse((await readFile(SAMPLE_DATASET_PATH, 'utf8')).split('\n')[0]!) as Record<string, unknown>
  dataset = join(dir, 'riddles.jsonl')
  await writeFile(dataset, JSON.stringify({...riddle, id: 'R-1', split: 'llm'}) + '\n')
})

let files = 0
/** Writes `lines` (objects as JSON, strings as they are) as a new file named `name`. */
async function jsonl(lines: readonly unknown[], name = `labels-${(files += 1)}.jsonl`): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + (lines.length > 0 ? '\n' : ''))
  return path
}

const NO_POOL: LaytonPoolInputs = {field: 'both_correct'}

describe("readLabels: a user's labels file", () => {
  it('reads the labelled answers, an id made from the line, the question stood in for, rows without a label counted', async () => {
    const set = await readLabels(await jsonl([
      {prediction: 'Paris', label: true, reference: 'Paris', question: 'Capital of France?'},
      {id: 'b', prediction: 'Lyon', label: false},
      {id: 'c', prediction: 'Nice', label: null},
    ]), NO_POOL)
    expect(set.kind).toBe('jsonl')
    expect(set.unlabelled).toBe(1)
    expect(set.items).toEqual([
      {id: 'item-1', question: 'Capital of France?', prediction: 'Paris', label: true, reference: 'Paris'},
      {id: 'b', question: '(The question was not given: judge the answer on its own and against the reference.)', prediction: 'Lyon', label: false},
    ])
  })

  it.each<[string, unknown[], string]>([
    ['a line that is a list', [['Paris', true]], ':1: must be an object {"prediction", "label", "reference"?, "question"?, "id"?}'],
    ['an id with a space', [{id: 'a b', prediction: 'x', label: true}], ':1: field "id": must be letters, digits, "_" and "-" (at most 56)'],
    ['a numeric id', [{id: 7, prediction: 'x', label: true}], ':1: field "id": must be letters'],
    ['an id twice', [{id: 'a', prediction: 'x', label: true}, {id: 'a', prediction: 'y', label: false}], ':2: field "id": "a" appears twice'],
    ['no prediction', [{label: true}], ':1: field "prediction": must be the answer text, a string'],
    ['a reference that is a number', [{prediction: 'x', label: true, reference: 4}], ':1: field "reference": must be a string when given'],
    ['a label in words', [{prediction: 'x', label: 'yes'}], ':1: field "label": must be true (correct), false or null (not labelled)'],
  ])('refuses %s, naming the line and field', async (_, lines, message) => {
    const file = await jsonl(lines)
    await expect(readLabels(file, NO_POOL)).rejects.toThrow(`${file}${message}`)
  })

  it('refuses an empty file, a file of unlabelled rows only, a folder and a missing file', async () => {
    const empty = await jsonl([])
    await expect(readLabels(empty, NO_POOL)).rejects.toThrow(`labels file ${empty} is empty: one labelled answer per line`)
    const unlabelled = await jsonl([{prediction: 'x', label: null}, {prediction: 'y'}])
    await expect(readLabels(unlabelled, NO_POOL)).rejects.toThrow(`labels file ${unlabelled} has no labelled answer (2 rows without a label): label some, or pass another file`)
    await expect(readLabels(dir, NO_POOL)).rejects.toThrow(`labels file ${dir} is not a file: pass the path of a JSONL file`)
    await expect(readLabels(join(dir, 'gone.jsonl'), NO_POOL)).rejects.toThrow(`cannot read labels file ${join(dir, 'gone.jsonl')} (ENOENT): check the path`)
  })
})

describe('readLabels: a Layton calibration pool', () => {
  const row = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({riddle_id: 'R-1', provider: 'openai', model: 'gpt-5.1', n_hints: 0, human_both_correct: true, ...fields})
  const ANSWERS = 'benchmark_openai_gpt-5-1_llm_hints_0.jsonl'

  /** A predictions folder holding `answers` as the answer file of openai gpt-5.1 with no hints. */
  async function predictions(answers: readonly unknown[] | undefined): Promise<string> {
    const folder = join(dir, `predictions-${(files += 1)}`)
    await mkdir(folder)
    if (answers !== undefined) await writeFile(join(folder, ANSWERS), answers.map((line) => JSON.stringify(line)).join('\n') + '\n')
    return folder
  }

  it("reads each labelled row's answer from the predictions folder (batchling's `answer`) and its riddle from the dataset", async () => {
    const pool = await jsonl([row(), row({riddle_id: 'R-2', human_both_correct: null})], 'ppi_llm.jsonl')
    const set = await readLabels(pool, {field: 'both_correct', dataset, predictions: await predictions([{custom_id: 'R-1', answer: 'Four o\'clock'}])})
    expect(set.kind).toBe('layton pool')
    expect(set.unlabelled).toBe(1)
    expect(set.items).toHaveLength(1)
    expect(set.items[0]).toMatchObject({id: 'gpt-5-1_R-1', label: true, prediction: 'Four o\'clock'})
    expect(set.items[0]!.reference).toMatch(/^Answer: .+\nJustification: /s)
  })

  it('an answer line with neither text nor answer is an empty answer', async () => {
    const set = await readLabels(await jsonl([row({human_answer_correct: false})]), {field: 'is_answer_correct', dataset, predictions: await predictions([{custom_id: 'R-1'}])})
    expect(set.items.map((item) => [item.prediction, item.label])).toEqual([['', false]])
  })

  it('refuses a pool without --predictions, a bad row or label, a missing folder, file or answer, a riddle not in the dataset', async () => {
    const pool = await jsonl([row()])
    await expect(readLabels(pool, {field: 'both_correct', dataset})).rejects.toThrow(`${pool} is a Layton calibration pool, which holds no answers: pass --predictions DIR`)
    const good = await predictions([{custom_id: 'R-1', text: 'Four'}])
    const noHints = await jsonl([row({n_hints: undefined})])
    await expect(readLabels(noHints, {field: 'both_correct', dataset, predictions: good})).rejects.toThrow(`${noHints}:1: a calibration row has "riddle_id", "provider", "model" and "n_hints"`)
    const words = await jsonl([row({human_both_correct: 'yes'})])
    await expect(readLabels(words, {field: 'both_correct', dataset, predictions: good})).rejects.toThrow(`${words}:1: field "human_both_correct": must be true, false or null`)
    await expect(readLabels(pool, {field: 'both_correct', dataset, predictions: join(dir, 'gone')})).rejects.toThrow(`cannot read the predictions folder ${join(dir, 'gone')} (ENOENT): pass --predictions DIR`)
    const empty = await predictions(undefined)
    await expect(readLabels(pool, {field: 'both_correct', dataset, predictions: empty})).rejects.toThrow(`the pool labels answers of openai gpt-5.1, but ${empty} has no ${ANSWERS}: add it, or drop those rows from the pool`)
    const noId = await predictions([{answer: 'Four'}])
    await expect(readLabels(pool, {field: 'both_correct', dataset, predictions: noId})).rejects.toThrow(`${join(noId, ANSWERS)}:1: field "custom_id": missing: an answer file has one line per riddle`)
    const other = await predictions([{custom_id: 'R-9', text: 'Four'}])
    await expect(readLabels(pool, {field: 'both_correct', dataset, predictions: other})).rejects.toThrow(`${pool}:1: field "riddle_id": no answer to "R-1" in ${ANSWERS} under ${other}`)
    const unknown = await jsonl([row({riddle_id: 'R-7'})])
    await expect(readLabels(unknown, {field: 'both_correct', dataset, predictions: good})).rejects.toThrow(`${unknown}:1: field "riddle_id": "R-7" is not in the dataset ${dataset}: pass the dataset the pool was labelled on (--dataset)`)
  })

  it('refuses two labelled rows that would be judged under one id', async () => {
    const pool = await jsonl([row(), row({provider: 'azure'})])
    const folder = await predictions([{custom_id: 'R-1', text: 'Four'}])
    await writeFile(join(folder, 'benchmark_azure_gpt-5-1_llm_hints_0.jsonl'), JSON.stringify({custom_id: 'R-1', text: 'Five'}) + '\n')
    await expect(readLabels(pool, {field: 'both_correct', dataset, predictions: folder})).rejects.toThrow(`labels file ${pool}: two labelled answers share the id "gpt-5-1_R-1"`)
  })
})
