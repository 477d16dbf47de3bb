import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {batchlingLine, judgement, temporaryDirectory, writeLines} from './helpers.js'
import {writeManifest, type BatchManifest} from '../../src/core/batch/manifest.js'
import {readJudgeGroups, skippedNotes} from '../../src/core/score/judge-groups.js'

const ids = Array.from({length: 10}, (_, riddle) => `r${riddle + 1}`)
const verdicts = (judge: string, riddles = ids): string[] => riddles.map((id) => batchlingLine(id, judgement(true, true), judge))
const benchLine = (id: string, provider: string, model: string): string => JSON.stringify({custom_id: id, ok: true, parsed: {is_answer_correct: true, is_justification_correct: true}, model, provider})

/** A judge batch record of gemini/g on benchmark_openai_m_llm_hints_0, written under `root`. */
function judgeRecord(name: string, fields: Partial<BatchManifest> = {}): BatchManifest {
  return {
    version: 1, name, kind: 'judge', provider: 'gemini', model: 'g', dataset: {source: 'hub', split: 'llm'}, hints: 0, settings: {},
    requests: 10, bytes: 0, shards: [], created_at: '2026-01-01T00:00:00Z', state: 'submitted', history: [],
    judge_of: {batch: 'benchmark_openai_m_llm_hints_0', results_file: 'results/benchmark_openai_m_llm_hints_0.jsonl', provider: 'openai', model: 'm', split: 'llm', hints: 0},
    ...fields,
  }
}

describe('skippedNotes: one line per kind of file skipped', () => {
  it('names five files at most, with their detail, and counts the rest', () => {
    const notes = skippedNotes([
      ...Array.from({length: 7}, (_, index) => ({file: `p${index}.jsonl`, reason: 'prediction results' as const})),
      {file: 'x.jsonl', reason: 'not judge results', detail: 'line 1: not valid JSON'},
    ])
    expect(notes).toEqual([
      'skipped 7 files, the answers of prediction batches, not verdicts: p0.jsonl, p1.jsonl, p2.jsonl, p3.jsonl, p4.jsonl and 2 more',
      'skipped 1 file, not judge results: x.jsonl (line 1: not valid JSON)',
    ])
  })
})

describe('readJudgeGroups: files that say nothing of what they judged, retries, withheld answers', () => {
  it('refuses unnamed files alone that hold different riddle ids', async () => {
    const directory = await temporaryDirectory()
    const a = await writeLines(path.join(directory, 'verdicts-a.jsonl'), verdicts('g'))
    const b = await writeLines(path.join(directory, 'verdicts-b.jsonl'), verdicts('c', ids.slice(0, 9)))
    await expect(readJudgeGroups([a, b])).rejects.toThrow(`${a} and ${b} say nothing of what they judged and hold different riddle ids: score them apart, or name them judge_<batch>_by_<judge>.jsonl`)
  })

  it("skips a retry attempt's results: its answers are merged into its first batch's", async () => {
    const root = await temporaryDirectory()
    const first = await writeLines(path.join(root, 'judge_openai_m_llm_hints_0_by_anthropic_c.jsonl'), verdicts('c'))
    await writeManifest(judgeRecord('retry-2', {retry_of: {root: 'judge-1', batch: 'judge-1', attempt: 2}}), root)
    const retry = await writeLines(path.join(root, 'results', 'retry-2.jsonl'), [benchLine('r1', 'gemini', 'g')])
    const {groups, skipped} = await readJudgeGroups([first, retry])
    expect(groups).toHaveLength(1)
    expect(skipped).toEqual([{file: retry, reason: 'retry attempt'}])
  })

  it('keeps the riddles of each batch apart when two batches are scored together', async () => {
    const directory = await temporaryDirectory()
    const a = await writeLines(path.join(directory, 'judge_openai_m_llm_hints_0_by_anthropic_c.jsonl'), verdicts('c', ['a1', 'a2']))
    const b = await writeLines(path.join(directory, 'judge_openai_n_llm_hints_0_by_anthropic_c.jsonl'), verdicts('c', ['b1', 'b2', 'b3']))
    const {groups} = await readJudgeGroups([a, b])
    expect(groups.map((group) => [group.batch, group.table.riddles, group.table.verdicts[0]!.length])).toEqual([
      ['benchmark_openai_m_llm_hints_0', ['a1', 'a2'], 2],
      ['benchmark_openai_n_llm_hints_0', ['b1', 'b2', 'b3'], 3],
    ])
  })

  it("refuses a verdict on an answer the record says its jury withheld from the judges", async () => {
    const root = await temporaryDirectory()
    const name = 'judge_openai_m_llm_hints_0_by_gemini_g'
    const record = judgeRecord(name)
    await writeManifest({...record, judge_of: {...record.judge_of!, withheld: {refusal: ['r10'], safety: [], recitation: [], truncated: []}}}, root)
    const file = await writeLines(path.join(root, 'results', `${name}.jsonl`), ids.map((id) => benchLine(id, 'gemini', 'g')))
    await expect(readJudgeGroups([file])).rejects.toThrow(`${file} holds a verdict on "r10", which its jury withheld from the judges: the judge files come from different runs of be`)
  })
})
