import {copyFile, mkdir} from 'node:fs/promises'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {batchlingLine, judgement, temporaryDirectory, writeLines} from './helpers.js'
import {writeManifest, type BatchManifest} from '../../src/core/batch/manifest.js'
import type {JudgedBatch} from '../../src/core/jury/judged-batch.js'
import {readJudgeGroups} from '../../src/core/score/judge-groups.js'
import {scoreBatch, scoreJudgeFiles, type ScoreOptions} from '../../src/core/score/score.js'
import {matching} from '../support/matchers.js'

/**
 * Issue 14 §2 and §3: judge files are grouped by the batch they judged, whatever their names,
 * never mixed, never counted twice.
 */

const RIDDLES = 100
const ids = Array.from({length: RIDDLES}, (_, riddle) => `r${riddle + 1}`)

/** Model A's judges agree "correct" on the first 60 riddles; model B's on the first 30. */
const A_JUDGES = ['anthropic_claude', 'gemini_gemini-pro', 'mistral_mistral-large']
const B_JUDGES = ['gemini_gemini-pro', 'mistral_mistral-large', 'openai_gpt-5-1']

let directory: string
let aFiles: string[]
let bFiles: string[]
let prediction: string

async function judgeFile(file: string, judge: string, correct: (riddle: number) => boolean, riddles = ids): Promise<string> {
  return writeLines(file, riddles.map((id, riddle) => batchlingLine(id, judgement(correct(riddle), true), judge)))
}

beforeAll(async () => {
  directory = await temporaryDirectory()
  aFiles = await Promise.all(A_JUDGES.map((judge, index) => judgeFile(path.join(directory, `judge_openai_gpt-x_llm_hints_0_by_${judge}.jsonl`), judge, (riddle) => riddle < 60 || (riddle >= 90 && index < 2))))
  bFiles = await Promise.all(B_JUDGES.map((judge) => judgeFile(path.join(directory, `judge_anthropic_claude-x_llm_hints_0_by_${judge}.jsonl`), judge, (riddle) => riddle < 30)))
  prediction = await writeLines(path.join(directory, 'benchmark_openai_gpt-x_llm_hints_0.jsonl'), ids.map((id) => JSON.stringify({custom_id: id, answer: '{"justification": "j", "answer": "a"}'})))
})

const options = (judgeFiles: string[], overrides: Partial<ScoreOptions> = {}): ScoreOptions => ({judgeFiles, field: 'both_correct', resamples: 1000, seed: 0, ...overrides})

/** What a reader compares between two scorings of the same batch. */
const figures = (report: {score: number; '95% CI (±)': number; n: number; interval: unknown; judges: {judge: string}[]}) => ({
  score: report.score,
  ci: report['95% CI (±)'],
  n: report.n,
  interval: report.interval,
  judges: report.judges.map((judge) => judge.judge),
})

describe('§2: score --judge-files results/*.jsonl, exactly as written', () => {
  it('skips the prediction file with a note, and scores each evaluated batch as if alone', async () => {
    const {reports, skipped} = await scoreJudgeFiles(options([prediction, ...aFiles, ...bFiles]))
    expect(skipped).toEqual([{file: prediction, reason: 'prediction results'}])
    expect(reports.map((report) => report.batch)).toEqual(['benchmark_anthropic_claude-x_llm_hints_0', 'benchmark_openai_gpt-x_llm_hints_0'])
    expect(figures(reports[1]!)).toEqual(figures(await scoreBatch(options(aFiles))))
    expect(figures(reports[0]!)).toEqual(figures(await scoreBatch(options(bFiles))))
    expect(reports[1]!.score).toBe(66.7)
    expect(reports[0]!.score).toBe(30)
  })

  it('refuses a set of files without any judge file, naming what it found', async () => {
    await expect(scoreJudgeFiles(options([prediction]))).rejects.toThrow(/^no judge files among the 1 files given: .*benchmark_openai_gpt-x_llm_hints_0\.jsonl \(prediction results\)/)
  })
})

describe('§3: judge files know what they judged', () => {
  it('keeps a judge file of another hints level, or with a thinking suffix, out of the batch', async () => {
    for (const other of ['judge_openai_gpt-x_llm_hints_2_by_openai_gpt-5-1.jsonl', 'judge_openai_gpt-x_llm_hints_0_thinking_high_by_openai_gpt-5-1.jsonl']) {
      const file = await judgeFile(path.join(directory, 'other', other), 'gpt-5-1', () => false)
      const {reports} = await scoreJudgeFiles(options([...aFiles, file]))
      expect(reports).toHaveLength(2)
      const alone = reports.find((report) => report.batch === 'benchmark_openai_gpt-x_llm_hints_0')!
      expect(figures(alone)).toEqual(figures(await scoreBatch(options(aFiles))))
      expect(reports.find((report) => report !== alone)!.score).toBe(0)
    }
  })

  it("refuses a copy of one judge under another judge's name, or under a name of its own", async () => {
    const renamed = path.join(directory, 'copies', 'judge_openai_gpt-x_llm_hints_0_by_openai_gpt-5-1.jsonl')
    await mkdir(path.dirname(renamed), {recursive: true})
    await copyFile(aFiles[0]!, renamed)
    await expect(scoreJudgeFiles(options([...aFiles, renamed]))).rejects.toThrow(/judge_openai_gpt-x_llm_hints_0_by_anthropic_claude\.jsonl and .*copies\/judge_openai_gpt-x_llm_hints_0_by_openai_gpt-5-1\.jsonl hold the same verdicts line for line/)
    const unnamed = path.join(directory, 'copies', 'claude-again.jsonl')
    await copyFile(aFiles[0]!, unnamed)
    await expect(scoreJudgeFiles(options([...aFiles, unnamed]))).rejects.toThrow(/hold the same verdicts line for line/)
  })

  it('reads what a file of bench judged from its lines, whatever its name', async () => {
    const judged: JudgedBatch = {batch: 'benchmark_anthropic_claude-x_llm_hints_0', provider: 'anthropic', model: 'claude-x', split: 'llm', hints: 0, withheld: {refusal: 0, safety: 0, recitation: 0, truncated: 0}}
    const mystery = await writeLines(
      path.join(directory, 'renamed', 'mystery.jsonl'),
      ids.map((id, riddle) => JSON.stringify({custom_id: id, ok: true, parsed: {is_answer_correct: riddle < 30, is_justification_correct: true}, model: 'gpt-5.1', provider: 'openai', judge_of: judged})),
    )
    const {reports} = await scoreJudgeFiles(options([...aFiles, mystery]))
    expect(reports.map((report) => [report.batch, report.judges.length, report.score])).toEqual([
      ['benchmark_anthropic_claude-x_llm_hints_0', 1, 30],
      ['benchmark_openai_gpt-x_llm_hints_0', 3, 66.7],
    ])
    expect(reports[0]!.judges[0]).toMatchObject({judge: 'openai/gpt-5.1', known_from: 'lines'})
    expect(reports[0]!.model).toEqual({provider: 'anthropic', model: 'claude-x', split: 'llm', hints: 0})

    const misnamed = path.join(directory, 'renamed', 'judge_openai_gpt-x_llm_hints_0_by_openai_gpt-5-1.jsonl')
    await copyFile(mystery, misnamed)
    await expect(scoreJudgeFiles(options([misnamed]))).rejects.toThrow(/is named as a judge of benchmark_openai_gpt-x_llm_hints_0 by gpt-5-1, but its lines are verdicts on benchmark_anthropic_claude-x_llm_hints_0/)
  })

  it('accepts a file that says nothing of what it judged only when its riddle ids are those of one batch, with a warning naming it', async () => {
    const extra = await judgeFile(path.join(directory, 'unknown', 'extra.jsonl'), 'extra-judge', (riddle) => riddle < 50)
    const {reports} = await scoreJudgeFiles(options([...aFiles, extra]))
    expect(reports).toHaveLength(1)
    expect(reports[0]!.judges.map((judge) => [judge.judge, judge.known_from])).toContainEqual(['extra-judge', 'riddle ids'])
    expect(reports[0]!.warnings).toEqual([matching.stringMatching(/^warning: .*extra\.jsonl does not say what it judged .* read as a judge of benchmark_openai_gpt-x_llm_hints_0, whose 100 riddle ids it has/)])

    const fewer = await judgeFile(path.join(directory, 'unknown', 'fewer.jsonl'), 'extra-judge', () => true, ids.slice(0, 90))
    await expect(scoreJudgeFiles(options([...aFiles, fewer]))).rejects.toThrow(/fewer\.jsonl says nothing of what it judged and its riddle ids match those of none of benchmark_openai_gpt-x_llm_hints_0/)
    await expect(scoreJudgeFiles(options([...aFiles, ...bFiles, extra]))).rejects.toThrow(
      /extra\.jsonl says nothing of what it judged and its riddle ids match those of benchmark_anthropic_claude-x_llm_hints_0 and benchmark_openai_gpt-x_llm_hints_0/,
    )
  })

  it('skips a file that holds no verdicts and says nothing of what it is, with the reason', async () => {
    const answers = await writeLines(path.join(directory, 'answers', 'answers.jsonl'), ids.map((id) => JSON.stringify({custom_id: id, ok: true, text: '{"answer": "1"}', model: 'm', provider: 'openai'})))
    const notes = await writeLines(path.join(directory, 'answers', 'notes.jsonl'), ['not json at all'])
    const {reports, skipped} = await scoreJudgeFiles(options([...aFiles, answers, notes]))
    expect(reports).toHaveLength(1)
    expect(skipped).toEqual([
      {file: answers, reason: 'not judge results', detail: 'no line holds a judgement'},
      {file: notes, reason: 'not judge results', detail: matching.stringMatching(/^line 1: not valid JSON/)},
    ])
  })
})

describe('withheld predictions (refused, blocked, truncated) count as incorrect', () => {
  const judged = (withheld: JudgedBatch['withheld']): JudgedBatch => ({batch: 'benchmark_openai_m_llm_hints_0', provider: 'openai', model: 'm', split: 'llm', hints: 0, withheld})

  async function benchJudgeFiles(folder: string, withheld: JudgedBatch['withheld'][]): Promise<string[]> {
    return Promise.all(
      ['gemini/g', 'anthropic/c', 'mistral/l'].map((judge, index) => {
        const [provider, model] = judge.split('/') as [string, string]
        const lines = ids.slice(0, 97).map((id) => JSON.stringify({custom_id: id, ok: true, parsed: {is_answer_correct: true, is_justification_correct: true}, model, provider, judge_of: judged(withheld[index] ?? withheld[0]!)}))
        return writeLines(path.join(directory, folder, `judge_openai_m_llm_hints_0_by_${provider}_${model}.jsonl`), lines)
      }),
    )
  }

  it('from the counts in the lines of judge files copied without their record', async () => {
    const files = await benchJudgeFiles('withheld', [{refusal: 2, safety: 0, recitation: 0, truncated: 1}])
    const report = await scoreBatch(options(files))
    expect(report.withheld).toEqual({refusal: 2, safety: 0, recitation: 0, truncated: 1})
    expect(report.n).toBe(100)
    expect(report.score).toBe(97)
  })

  it('refuses judge files of different runs of bench jury', async () => {
    const files = await benchJudgeFiles('runs', [{refusal: 2, safety: 0, recitation: 0, truncated: 1}, {refusal: 2, safety: 0, recitation: 0, truncated: 0}])
    await expect(scoreBatch(options(files))).rejects.toThrow(/come from different runs of bench jury on benchmark_openai_m_llm_hints_0/)
  })

  it("from the ids in the judge batch's record, which the score lines up with the verdicts", async () => {
    const root = await temporaryDirectory()
    const name = 'judge_openai_m_llm_hints_0_by_gemini_g'
    const withheld = {refusal: ['r98', 'r99'], safety: [], recitation: [], truncated: ['r100']}
    await writeManifest(
      {
        version: 1, name, kind: 'judge', provider: 'gemini', model: 'g', dataset: {source: 'hub', split: 'llm'}, hints: 0, settings: {},
        requests: 97, bytes: 0, shards: [], created_at: '2026-01-01T00:00:00Z', state: 'submitted', history: [],
        judge_of: {batch: 'benchmark_openai_m_llm_hints_0', results_file: 'results/benchmark_openai_m_llm_hints_0.jsonl', provider: 'openai', model: 'm', split: 'llm', hints: 0, withheld},
      } satisfies BatchManifest,
      root,
    )
    const file = await writeLines(path.join(root, 'results', `${name}.jsonl`), ids.slice(0, 97).map((id) => JSON.stringify({custom_id: id, ok: true, parsed: {is_answer_correct: true, is_justification_correct: true}, model: 'g', provider: 'gemini'})))
    const {groups} = await readJudgeGroups([file])
    expect(groups[0]!.table.withheld).toEqual({counts: {refusal: 2, safety: 0, recitation: 0, truncated: 1}, ids: ['r98', 'r99', 'r100']})
    expect(groups[0]!.table.judges[0]!.known_from).toBe('record')
    expect((await scoreBatch(options([file]))).score).toBe(97)
  })
})
