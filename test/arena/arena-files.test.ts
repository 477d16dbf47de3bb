import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {readBattlesFile, splitCsvLine} from '../../src/core/arena/battles-file.js'
import {readMtBench} from '../../src/core/arena/mtbench-files.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-arena-files-'))
})

/** Writes `lines` (objects as JSON, strings as they are) as one file per line of text. */
async function file(name: string, lines: readonly unknown[]): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n')
  return path
}

const QUESTION = {question_id: 1, category: 'writing', turns: ['Write a haiku.']}
const answer = (model: string, fields: Record<string, unknown> = {}): Record<string, unknown> => ({question_id: 1, model_id: model, choices: [{turns: ['Leaves fall.']}], ...fields})

describe('MT-bench questions: a bad line is refused naming the file, line and field', () => {
  it.each<[string, unknown[], string]>([
    ['a list, not an object', [[1]], ':1: must be a JSON object'],
    ['a question id that is a fraction', [{...QUESTION, question_id: 1.5}], ':1: field "question_id": must be a number or a non-empty string'],
    ['a blank question id', [{...QUESTION, question_id: ' '}], ':1: field "question_id": must be a number or a non-empty string'],
    ['a question twice', [QUESTION, {...QUESTION, question_id: '1'}], ':2: field "question_id": 1 appears twice'],
    ['no turns', [{...QUESTION, turns: []}], ':1: field "turns": must be a non-empty list of the user\'s messages'],
    ['a turn that is not text', [{...QUESTION, turns: [{text: 'Hi'}]}], ':1: field "turns": must be a non-empty list'],
    ['a category that is a number', [{...QUESTION, category: 3}], ':1: field "category": must be a string'],
  ])('%s', async (_, lines, message) => {
    const questions = await file('questions.jsonl', lines)
    await expect(readMtBench(questions, [await file('a.jsonl', [answer('a')])], new Map())).rejects.toThrow(`${questions}${message}`)
  })

  it('an empty or missing questions file', async () => {
    const answers = await file('a.jsonl', [answer('a')])
    const empty = join(dir, 'empty.jsonl')
    await writeFile(empty, '')
    await expect(readMtBench(empty, [answers], new Map())).rejects.toThrow(`${empty} holds no questions`)
    await expect(readMtBench(join(dir, 'gone.jsonl'), [answers], new Map())).rejects.toThrow(`cannot read the questions file ${join(dir, 'gone.jsonl')} (ENOENT): check the path`)
  })
})

describe('MT-bench answers: a bad line is refused naming the file, line and field', () => {
  it.each<[string, unknown[], string]>([
    ['a question the questions file lacks', [answer('a', {question_id: 2})], ':1: field "question_id": 2 is not a question of '],
    ['no model id', [answer('a', {model_id: ' '})], ':1: field "model_id": must be the model\'s name, e.g. "gpt-4"'],
    ['choices that are an object', [answer('a', {choices: {turns: ['x']}})], ':1: field "choices": must be [{"turns": ["answer to turn 1", ...]}]'],
    ['a first choice that is null', [answer('a', {choices: [null]})], ':1: field "choices": must be [{"turns"'],
    ['a model answering twice', [answer('a'), answer('a')], ':2: field "question_id": a answers question 1 twice'],
  ])('%s', async (_, lines, message) => {
    const questions = await file('questions.jsonl', [QUESTION])
    const answers = await file('answers.jsonl', lines)
    await expect(readMtBench(questions, [answers, await file('b.jsonl', [answer('b')])], new Map())).rejects.toThrow(`${answers}${message}`)
  })

  it('answers of one model only, a folder without answer files, a missing answer file', async () => {
    const questions = await file('questions.jsonl', [QUESTION])
    const one = await file('one.jsonl', [answer('a')])
    await expect(readMtBench(questions, [one], new Map())).rejects.toThrow(`the answers in ${one} are of 1 model: an arena compares at least two`)
    const folder = join(dir, 'no-answers')
    await mkdir(folder)
    await expect(readMtBench(questions, [folder], new Map())).rejects.toThrow(`no answer files in ${folder}: pass MT-bench's model_answer/ directory or its .jsonl files`)
    await expect(readMtBench(questions, [join(dir, 'gone.jsonl')], new Map())).rejects.toThrow(`cannot read the answers ${join(dir, 'gone.jsonl')} (ENOENT): check the path`)
  })
})

describe('battles files: a bad file is refused in one line', () => {
  it.each<[string, string, string]>([
    ['a JSON array', 'b.jsonl', '[{"model_a": "x", "model_b": "y", "winner": "model_a"}]'],
    ['a line that is null', 'b.jsonl', 'null'],
    ['no winner column', 'b.csv', 'model_a,model_b,judge\nx,y,z'],
    ['a quoted field running past the line', 'b.csv', 'model_a,model_b,winner\n"x,y,model_a'],
    ['a quoted field followed by text', 'b.csv', 'model_a,model_b,winner\n"x"y,z,model_a'],
    ['only a header', 'b.csv', 'model_a,model_b,winner'],
  ])('%s', async (name, base, text) => {
    const path = join(dir, `${name.replaceAll(' ', '-')}-${base}`)
    await writeFile(path, text + '\n')
    const expected: Record<string, string> = {
      'a JSON array': `${path} is a JSON array: bench reads battles one per line; convert it with \`jq -c '.[]' ${path} > battles.jsonl\``,
      'a line that is null': `${path}:1: must be a JSON object with model_a, model_b and winner`,
      'no winner column': `${path}: the CSV header has no "winner" column (it has model_a, model_b, judge); battles need model_a, model_b and winner`,
      'a quoted field running past the line': `${path}:2: a quoted field runs past the end of the line: bench reads one battle a line`,
      'a quoted field followed by text': `${path}:2: a quoted field is followed by something other than a comma`,
      'only a header': `${path} holds no battles`,
    }
    await expect(readBattlesFile(path)).rejects.toThrow(expected[name])
  })

  it('a missing file names the path and the system code', async () => {
    await expect(readBattlesFile(join(dir, 'gone.jsonl'))).rejects.toThrow(`cannot read the battles file ${join(dir, 'gone.jsonl')} (ENOENT): check the path`)
  })

  it('a doubled quote inside a quoted CSV field is one quote', () => {
    expect(splitCsvLine('"say ""hi""",b,', 'b.csv', 2)).toEqual(['say "hi"', 'b', ''])
  })
})
