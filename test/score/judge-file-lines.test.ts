import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {judgement, temporaryDirectory, writeLines} from './helpers.js'
import type {BatchManifest} from '../../src/core/batch/manifest.js'
import {readJudgeFile} from '../../src/core/jury/judge-files.js'
import {hasVerdict, NO_LINE} from '../../src/core/score/judgement.js'
import {RiddleIndex} from '../../src/core/score/riddle-index.js'

let directory: string
beforeAll(async () => {
  directory = await temporaryDirectory()
})

let files = 0
/** Writes `lines` (objects as JSON) as a judge file with a name batchling never writes, and reads it. */
async function read(lines: readonly unknown[], hint = {}): ReturnType<typeof readJudgeFile> {
  const file = path.join(directory, `verdicts-${(files += 1)}.jsonl`)
  await writeLines(file, lines.map((line) => JSON.stringify(line)))
  return readJudgeFile(file, new RiddleIndex(), hint)
}

const WITHHELD = {refusal: 0, safety: 0, recitation: 0, truncated: 0}
const JUDGE_OF = {batch: 'benchmark_openai_m_llm_hints_0', provider: 'openai', model: 'm', split: 'llm', hints: 0, withheld: WITHHELD}
const benchLine = (id: string, fields: Record<string, unknown> = {}): Record<string, unknown> => ({custom_id: id, ok: true, parsed: {is_answer_correct: true, is_justification_correct: false}, model: 'judge-1', provider: 'anthropic', judge_of: JUDGE_OF, ...fields})

describe('readJudgeFile: the identity a judge file carries in its lines', () => {
  it("bench's lines name the judged batch, its thinking and withheld counts (a kind not written counts 0); the judge is the lines' model", async () => {
    const read1 = await read([benchLine('a', {judge_of: {...JUDGE_OF, thinking: {level: 'high'}, withheld: {refusal: 2}}})])
    expect(read1.source).toMatchObject({format: 'bench', label: 'anthropic/judge-1', known_from: 'lines', evaluated: {batch: JUDGE_OF.batch, thinking: 'high'}, withheld: {counts: {...WITHHELD, refusal: 2}}})
    const read2 = await read([benchLine('a', {judge_of: {...JUDGE_OF, thinking: {budget: 2048}}})])
    expect(read2.source.evaluated.thinking).toBe('2048')
  })

  it('lines without a model are judged by the file: its name stands for the judge', async () => {
    const fromLines = await read([benchLine('a', {model: undefined})])
    expect(fromLines.source.judge).toEqual({model: path.basename(fromLines.source.file)})
    const batchling = await read([{custom_id: 'a', answer: judgement(true, true)}])
    expect(batchling.source).toMatchObject({format: 'batchling', evaluated: {}, judge: {model: path.basename(batchling.source.file)}})
    expect(batchling.source.known_from).toBeUndefined()
  })

  it("a batchling answer that is already an object is read as the verdict; a failed bench line is no verdict", async () => {
    const {codes, verdicts, lines} = await read([{custom_id: 'a', answer: {is_answer_correct: false, is_justification_correct: false}, model: 'g'}, {custom_id: 'b', answer: null}])
    expect([lines, verdicts, hasVerdict(codes[0]!), hasVerdict(codes[1]!)]).toEqual([2, 1, true, false])
    const failed = await read([benchLine('a', {ok: false})])
    expect([failed.verdicts, failed.codes[0] !== NO_LINE]).toEqual([0, true])
  })

  it('a file of more riddles than its first table holds keeps every verdict', async () => {
    const ids = Array.from({length: 1500}, (_, index) => `r${index}`)
    const {codes, verdicts} = await read(ids.map((id) => ({custom_id: id, answer: judgement(true, true), model: 'g'})))
    expect(verdicts).toBe(1500)
    expect(codes.length).toBeGreaterThanOrEqual(1500)
    expect(Array.from(codes.subarray(0, 1500), hasVerdict).every(Boolean)).toBe(true)
  })
})

describe('readJudgeFile refuses a line that is no judge result, naming the line and field', () => {
  const NOT_A_RESULT = `not a judge result: expected bench's {"custom_id", "ok", "parsed"} or batchling's {"custom_id", "answer"}`
  it.each<[string, unknown[], string]>([
    ['a line without custom_id', [{ok: true}], `:1: ${NOT_A_RESULT}`],
    ['a line with neither ok nor answer', [{custom_id: 'a', text: 'yes'}], `:1: ${NOT_A_RESULT}`],
    ['judge_of that is text', [benchLine('a', {judge_of: 'batch-1'})], ':1: field "judge_of": is not what `bench results` writes'],
    ['judge_of without a batch', [benchLine('a', {judge_of: {...JUDGE_OF, batch: 3}})], ':1: field "judge_of": is not what'],
    ['judge_of of an unknown split', [benchLine('a', {judge_of: {...JUDGE_OF, split: 'all'}})], ':1: field "judge_of": is not what'],
    ['judge_of without withheld', [benchLine('a', {judge_of: {...JUDGE_OF, withheld: undefined}})], ':1: field "judge_of": is not what'],
    ['a negative withheld count', [benchLine('a', {judge_of: {...JUDGE_OF, withheld: {safety: -1}}})], ':1: field "judge_of": is not what'],
    ['repeats that are not a range', [benchLine('a', {judge_of: {...JUDGE_OF, repeats: {from: 3, to: 2}}})], ':1: field "judge_of": is not what'],
    ['a second judged batch', [benchLine('a'), benchLine('b', {judge_of: {...JUDGE_OF, batch: 'benchmark_openai_n_llm_hints_0', model: 'n'}})],
      ':2: field "judge_of": judges batch benchmark_openai_n_llm_hints_0, but earlier lines judge benchmark_openai_m_llm_hints_0: a judge file holds the verdicts of one judge batch'],
  ])('%s', async (_, lines, message) => {
    const file = path.join(directory, `verdicts-${files + 1}.jsonl`)
    await expect(read(lines)).rejects.toThrow(`${file}${message}`)
  })

  it('lines judging another batch than their record says', async () => {
    const record = {name: 'judge-run', provider: 'anthropic', model: 'judge-1', judge_of: {batch: 'benchmark_openai_other_llm_hints_0', provider: 'openai', model: 'other'}} as unknown as BatchManifest
    const file = path.join(directory, `verdicts-${files + 1}.jsonl`)
    await expect(read([benchLine('a')], {record})).rejects.toThrow(
      `${file} holds verdicts on batch benchmark_openai_m_llm_hints_0, but its record judge-run judges benchmark_openai_other_llm_hints_0: run \`bench results judge-run\` again`,
    )
  })
})
