import {copyFile} from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {temporaryDirectory, writeLines} from './helpers.js'
import type {JudgedBatch} from '../../src/core/jury/judged-batch.js'
import {repeatId, type RepeatRange} from '../../src/core/jury/repeats.js'
import {NO_LINE, NO_VERDICT, verdictCode} from '../../src/core/score/judgement.js'
import {ruledCodes} from '../../src/core/score/repeat-verdicts.js'
import {scoreBatch, type ScoreOptions} from '../../src/core/score/score.js'

/** A verdict code: answer and justification correct or not. */
const v = (answer: boolean, justification: boolean): number => verdictCode({is_answer_correct: answer, is_justification_correct: justification})

/** Each row is a riddle, each column a repeat: the codes laid out as the table keeps them (one array per repeat). */
const byRepeat = (rows: number[][]): Uint8Array[] => rows[0]!.map((_, repeat) => Uint8Array.from(rows, (row) => row[repeat]!))

describe("a judge's verdict over its repeats", () => {
  it('is the majority field by field, both_correct derived from the two majorities', () => {
    // Answer: 2 of 3 true; justification: 2 of 3 true; no single repeat has both wrong.
    expect([...ruledCodes(byRepeat([[v(true, false), v(false, true), v(true, true)]]), 1)]).toEqual([v(true, true)])
    expect([...ruledCodes(byRepeat([[v(false, false), v(false, true), v(true, false)]]), 1)]).toEqual([v(false, false)])
  })

  it('gives a tie to the earliest repeat, and leaves repeats without a verdict out', () => {
    expect([...ruledCodes(byRepeat([[v(true, false), v(false, true)]]), 1)]).toEqual([v(true, false)])
    expect([...ruledCodes(byRepeat([[v(false, true), v(true, false)]]), 1)]).toEqual([v(false, true)])
    expect([...ruledCodes(byRepeat([[NO_VERDICT, v(false, true), v(true, true)]]), 1)]).toEqual([v(false, true)])
  })

  it('is no verdict when no repeat gave one, and no line when no repeat has a line', () => {
    expect([...ruledCodes(byRepeat([[NO_VERDICT, NO_LINE], [NO_LINE, NO_LINE]]), 2)]).toEqual([NO_VERDICT, NO_LINE])
  })
})

const BATCH = 'benchmark_mistral_m_llm_hints_0'
const RIDDLES = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']

/** Repeat k of riddle i: what a judge said (answer, justification). */
type Say = (riddle: number, repeat: number) => [boolean, boolean]

let directory: string

function judged(repeats?: RepeatRange): JudgedBatch {
  return {batch: BATCH, provider: 'mistral', model: 'm', split: 'llm', hints: 0, withheld: {refusal: 0, safety: 0, recitation: 0, truncated: 0}, ...(repeats !== undefined && {repeats})}
}

/** A judge batch's results as `bench results` writes them, copied away from its record: identity from the lines. */
async function judgeFile(name: string, judge: {provider: string; model: string}, say: Say, repeats?: RepeatRange, ids = RIDDLES): Promise<string> {
  const lines: string[] = []
  for (let repeat = repeats?.from ?? 1; repeat <= (repeats?.to ?? 1); repeat++) {
    ids.forEach((id, riddle) => {
      const [answer, justification] = say(riddle, repeat)
      lines.push(JSON.stringify({custom_id: repeatId(id, repeat), ok: true, parsed: {is_answer_correct: answer, is_justification_correct: justification}, ...judge, judge_of: judged(repeats)}))
    })
  }
  return writeLines(path.join(directory, `${name}.jsonl`), lines)
}

const OPENAI = {provider: 'openai', model: 'gpt-5.1'}
const GEMINI = {provider: 'gemini', model: 'gemini-3-pro'}
const options = (judgeFiles: string[]): ScoreOptions => ({judgeFiles, field: 'both_correct', resamples: 1000, seed: 0})

/** OpenAI: right on r1-r3 every time; on r4 only its first and third repeats; wrong on r5-r6 except its fourth repeat. */
const openai: Say = (riddle, repeat) => {
  if (riddle < 3) return [true, true]
  if (riddle === 3) return [repeat !== 2, true]
  return [repeat === 4, true]
}
/** Gemini, asked once: right on r1-r4. */
const gemini: Say = (riddle) => [riddle < 4, true]

let first: string
let added: string
let once: string

beforeAll(async () => {
  directory = await temporaryDirectory()
  first = await judgeFile('openai_1-3', OPENAI, openai, {from: 1, to: 3})
  added = await judgeFile('openai_4', OPENAI, openai, {from: 4, to: 4})
  once = await judgeFile('gemini', GEMINI, gemini)
})

describe('bench score on a jury asked with --repeats', () => {
  it("joins a judge's first batch and the batch that added a repeat into one judge, ruled by majority", async () => {
    const report = await scoreBatch(options([first, added, once]))
    expect(report.judges.map((judge) => judge.judge)).toEqual(['openai/gpt-5.1', 'gemini/gemini-3-pro'])
    // OpenAI's majority: r1-r3 right, r4 right (3 of 4), r5-r6 wrong (1 of 4): 4 of 6, as Gemini.
    expect(report.judges.map((judge) => judge.score)).toEqual([66.7, 66.7])
    expect(report.score).toBe(66.7)
    expect(report.repeats?.rule).toBe('majority')
    // Each repeat alone: every judge's repeat k; Gemini, asked once, sits out of repeats 2 to 4.
    expect(report.repeats!.per_repeat_score.map((alone) => alone?.score)).toEqual([66.7, 50, 66.7, 100])
    const [own, other] = report.repeats!.judges
    expect(own!.files).toEqual([first, added])
    expect(own!.consistency).toMatchObject({repeats: 4, complete_items: 6, all_agree: 3 / 6, per_repeat_mean: [66.7, 50, 66.7, 100]})
    expect(other!.consistency).toMatchObject({repeats: 1, all_agree: 1, fleiss_kappa: null})
    expect(report.warnings.join('\n')).toContain('different numbers of repeats (openai/gpt-5.1: 4, gemini/gemini-3-pro: 1)')
  })

  it("takes the first repeat alone as the verdict when a judge's later repeats are not passed", async () => {
    const report = await scoreBatch(options([first, once]))
    expect(report.repeats!.judges[0]!.consistency.repeats).toBe(3)
    // r4: 2 of 3 right; r5-r6: 0 of 3.
    expect(report.judges[0]!.score).toBe(66.7)
  })

  it('refuses a repeat passed twice, and repeats with a gap, naming the files', async () => {
    const twice = path.join(directory, 'copy_of_openai_4.jsonl')
    await copyFile(added, twice)
    await expect(scoreBatch(options([first, added, twice, once]))).rejects.toThrow(/both hold repeat 4 of judge openai\/gpt-5\.1/)
    await expect(scoreBatch(options([added, once]))).rejects.toThrow('the files of judge openai/gpt-5.1 hold repeats 4, not 1-3: pass the results of every batch of this judge')
  })

  it('still refuses the same judge twice without repeats', async () => {
    const again = await judgeFile('gemini_again', GEMINI, gemini)
    await expect(scoreBatch(options([first, once, again]))).rejects.toThrow('are both by judge gemini/gemini-3-pro: pass one file per judge')
  })

  it('refuses a line of a repeat the batch does not ask', async () => {
    const line = (custom_id: string) => JSON.stringify({custom_id, ok: true, parsed: {is_answer_correct: true, is_justification_correct: true}, ...GEMINI, judge_of: judged({from: 2, to: 3})})
    const stray = await writeLines(path.join(directory, 'stray.jsonl'), [line('r1__r2'), line('r1')])
    await expect(scoreBatch(options([stray]))).rejects.toThrow('"r1" is repeat 1, but this judge batch asks repeats 2-3')
  })

  it('reads ids shaped like a repeat as plain ids in a batch asked once, with no repeats section', async () => {
    const plain = await judgeFile('plain', GEMINI, gemini, undefined, ['a__r2', 'a'])
    const report = await scoreBatch(options([plain]))
    expect(report.n).toBe(2)
    expect(report.repeats).toBeUndefined()
    expect(Object.keys(report)).not.toContain('repeats')
  })
})
