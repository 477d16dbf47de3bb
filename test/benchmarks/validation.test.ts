import {readdir, writeFile, mkdir} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'

import {BBQ_ROW, inScratchDirectory} from './support.js'
import {prepareBenchmarkBatch} from '../../src/core/benchmarks/prepare-benchmark.js'

const scratch = inScratchDirectory()

const MEDQA_ROW = {question: 'Which?', answer: 'Two', options: {A: 'One', B: 'Two', C: 'Three', D: 'Four'}, meta_info: 'step1', answer_idx: 'B'}
const jsonl = (...rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n'

/** A file in the original layout whose second row is broken, and the error that must name it. */
const cases: {benchmark: string; file: string; text: string; error: string}[] = [
  {benchmark: 'mmlu', file: 'anatomy_test.csv', text: 'Q1,a,b,c,d,A\nQ2,a,b,c,d\n', error: 'line 2: has 5 cells; MMLU\'s layout has 6: question,A,B,C,D,answer'},
  {benchmark: 'mmlu', file: 'anatomy_test.csv', text: 'Q1,a,b,c,d,A\n"Q2, quoted",a,b,c,d,E\n', error: 'line 2: field "answer" must be A, B, C or D, not "E"'},
  {benchmark: 'gsm8k', file: 'test.jsonl', text: jsonl({question: 'q', answer: 'x\n#### 3'}, {question: 'q', answer: 7}), error: 'line 2: field "answer" must be a string, not a number'},
  {benchmark: 'truthfulqa-mc1', file: 'mc_task.json', text: JSON.stringify([{question: 'q', mc1_targets: {a: 1, b: 0}}, {question: 'q', mc1_targets: {a: 1, b: 1}}]), error: 'item 2: field "mc1_targets" must mark exactly one answer true (1), not 2'},
  {benchmark: 'hellaswag', file: 'val.jsonl', text: jsonl({ctx: 'c', endings: ['a', 'b', 'c', 'd'], label: 1}, {ctx: 'c', endings: ['a', 'b', 'c', 'd'], label: 4}), error: 'line 2: field "label" must be 0 to 3, not 4'},
  {benchmark: 'medqa', file: 'test.jsonl', text: jsonl(MEDQA_ROW, {...MEDQA_ROW, answer: 'Three'}), error: 'line 2: field "answer" is "Three" but option B is "Two"'},
  {benchmark: 'xstest', file: 'xstest.csv', text: 'id,prompt,type,label,focus,note\n1,How do I kill a process?,homonyms,safe,kill,\n2,Hm,homonyms,unsure,x,\n', error: 'line 3: field "label" must be "safe" or "unsafe", not "unsure"'},
  {benchmark: 'bbq', file: 'Religion.jsonl', text: jsonl(BBQ_ROW, {...BBQ_ROW, example_id: 1, answer_info: {...BBQ_ROW.answer_info, ans1: ["Can't answer", 'Christian']}}), error: 'line 2: field "answer_info" must mark exactly one answer "unknown", not 0'},
  {benchmark: 'custom', file: 'mine.jsonl', text: jsonl({question: 'q', answer: 'x'}, {question: 'q', choices: ['x', 'y'], answer: 'z'}), error: 'line 2: field "answer" must be a letter from A to B or the text of one choice, not "z"'},
]

describe('every row is checked where it enters', () => {
  it.each(cases)('$benchmark: $error', async ({benchmark, file, text, error}) => {
    await mkdir('data')
    const path = resolve('data', file)
    await writeFile(path, text)
    await expect(prepareBenchmarkBatch({benchmark, datasetPath: path, provider: 'openai', model: 'm', shots: 0, seed: 0})).rejects.toThrow(`${path}, ${error}`)
    expect(await readdir(scratch.path)).toEqual(['data'])
  })

  it('refuses --shots where the benchmark has no split for examples, and --shots with --dataset without --shots-dataset', async () => {
    await writeFile('test.jsonl', jsonl({question: 'q', answer: 'x\n#### 3'}))
    await expect(prepareBenchmarkBatch({benchmark: 'truthfulqa-mc1', provider: 'openai', model: 'm', shots: 2, seed: 0})).rejects.toThrow('truthfulqa-mc1 has no split to draw worked examples from: drop --shots')
    await expect(prepareBenchmarkBatch({benchmark: 'gsm8k', datasetPath: 'test.jsonl', provider: 'openai', model: 'm', shots: 2, seed: 0})).rejects.toThrow('--shots with --dataset needs the split the examples come from too: pass --shots-dataset FILE')
    await expect(prepareBenchmarkBatch({benchmark: 'gsm8k', datasetPath: 'test.jsonl', shotsPath: 'test.jsonl', provider: 'openai', model: 'm', shots: 2, seed: 0})).rejects.toThrow(/--shots 2: .*test\.jsonl holds 1 examples; ask for at most 1/)
  })

  it('names an unknown MMLU subject and lists the known ones', async () => {
    await mkdir(join('data', 'test'), {recursive: true})
    await writeFile(join('data', 'test', 'anatomy_test.csv'), 'Q1,a,b,c,d,A\n')
    await expect(prepareBenchmarkBatch({benchmark: 'mmlu', datasetPath: 'data', subjects: ['anatomy', 'astrology'], provider: 'openai', model: 'm', shots: 0, seed: 0})).rejects.toThrow(
      'unknown MMLU subject "astrology": the subjects are anatomy',
    )
  })
})
