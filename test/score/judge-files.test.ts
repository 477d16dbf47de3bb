import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {batchlingLine, judgement, temporaryDirectory, writeLines} from './helpers.js'
import {writeManifest, type BatchManifest} from '../../src/core/batch/manifest.js'
import {parseJudgeFileName} from '../../src/core/score/file-name.js'
import {readJudgeGroups} from '../../src/core/score/judge-groups.js'
import {judgementCode, hasVerdict, verdictValue} from '../../src/core/score/judgement.js'
import {RiddleIndex} from '../../src/core/score/riddle-index.js'

describe('parseJudgeFileName', () => {
  it('reads the batchling naming, whatever the directories are called', () => {
    expect(parseJudgeFileName('/home/me/my_runs/v_2/judge_openai_gpt-5-1-2025-11-13-high_llm_hints_0_by_anthropic_claude-opus-4-5-20251101.jsonl')).toEqual({
      evaluated: {batch: 'benchmark_openai_gpt-5-1-2025-11-13-high_llm_hints_0', provider: 'openai', model: 'gpt-5-1-2025-11-13-high', split: 'llm', hints: 0, thinking: undefined},
      judge: {provider: 'anthropic', model: 'claude-opus-4-5-20251101'},
    })
  })

  it('takes a provider only when it is a known one, and the judge after the last _by_', () => {
    expect(parseJudgeFileName('judge_doubleword_qwen-by_vl_vlm_hints_2_thinking_high_by_gemini_gemini-3-pro-preview.jsonl')).toEqual({
      evaluated: {batch: 'benchmark_doubleword_qwen-by_vl_vlm_hints_2_thinking_high', provider: undefined, model: 'doubleword_qwen-by_vl', split: 'vlm', hints: 2, thinking: 'high'},
      judge: {provider: 'gemini', model: 'gemini-3-pro-preview'},
    })
  })

  it('is undefined for names of another form', () => {
    expect(parseJudgeFileName('results/benchmark_openai_gpt-5-1_llm_hints_0.jsonl')).toBeUndefined()
    expect(parseJudgeFileName('judge_openai_gpt-5-1_llm_hints_0.jsonl')).toBeUndefined()
  })
})

describe('judgementCode', () => {
  it('reads strict JSON, code fences and trailing prose; anything else is no verdict', () => {
    const read = (text: string): [boolean, boolean] | undefined => {
      const code = judgementCode(text)
      return hasVerdict(code) ? [verdictValue(code, 'is_answer_correct'), verdictValue(code, 'is_justification_correct')] : undefined
    }
    expect(read(judgement(true, false))).toEqual([true, false])
    expect(read('```json\n{"is_answer_correct": false, "is_justification_correct": true}\n```')).toEqual([false, true])
    expect(read('{"is_answer_correct": true, "is_justification_correct": true}\nThe answer matches the ground truth.')).toEqual([true, true])
    expect(read('I cannot judge this.')).toBeUndefined()
    expect(read('{"is_answer_correct": "yes", "is_justification_correct": true}')).toBeUndefined()
    expect(verdictValue(judgementCode(judgement(true, false)), 'both_correct')).toBe(false)
  })
})

/** The table of the one group the files make. */
async function readJudgeTable(files: string[]) {
  const {groups} = await readJudgeGroups(files)
  expect(groups).toHaveLength(1)
  return groups[0]!.table
}

describe('readJudgeGroups, one batch', () => {
  it("lines up judges by custom_id; failed lines and other texts are missing verdicts", async () => {
    const directory = await temporaryDirectory()
    const first = await writeLines(path.join(directory, 'judge_openai_m_llm_hints_0_by_gemini_g.jsonl'), [
      batchlingLine('a', judgement(true, true), 'g'),
      batchlingLine('b', 'Sorry, no.', 'g'),
    ])
    const second = await writeLines(path.join(directory, 'judge_openai_m_llm_hints_0_by_anthropic_c.jsonl'), [
      batchlingLine('b', judgement(false, true), 'c'),
      batchlingLine('c', judgement(true, false), 'c'),
    ])
    const table = await readJudgeTable([first, second])
    expect(table.riddles).toEqual(['a', 'b', 'c'])
    expect(table.judges.map((judge) => judge.label)).toEqual(['gemini/g', 'anthropic/c'])
    expect([...table.verdicts[0]!.slice(0, 3)].map(hasVerdict)).toEqual([true, false, false])
    expect([...table.verdicts[1]!.slice(0, 3)].map(hasVerdict)).toEqual([false, true, true])
  })

  it("takes the identity of bench's own results from the batch record", async () => {
    const root = await temporaryDirectory()
    const name = 'judge_gemini_flash_llm_hints_0_by_openai_gpt-5-1'
    const manifest = {
      version: 1, name, kind: 'judge', provider: 'openai', model: 'gpt-5.1', dataset: {source: 'hub', split: 'vlm'}, hints: 0, settings: {},
      requests: 2, bytes: 0, shards: [], created_at: '2026-01-01T00:00:00Z', state: 'submitted', history: [],
      judge_of: {batch: 'benchmark_gemini_flash_vlm_hints_0', results_file: 'results/benchmark_gemini_flash_vlm_hints_0.jsonl', provider: 'gemini', model: 'gemini-3-flash'},
    } satisfies BatchManifest
    await writeManifest(manifest, root)
    const file = await writeLines(path.join(root, 'results', `${name}.jsonl`), [
      JSON.stringify({custom_id: 'a', ok: true, text: judgement(true, true), parsed: {is_answer_correct: true, is_justification_correct: true}, model: 'gpt-5.1', provider: 'openai'}),
      JSON.stringify({custom_id: 'b', ok: false, error: {code: 'expired', message: 'expired'}, model: 'gpt-5.1', provider: 'openai'}),
    ])
    const table = await readJudgeTable([file])
    expect(table.judges[0]).toMatchObject({format: 'bench', label: 'openai/gpt-5.1', evaluated: {provider: 'gemini', model: 'gemini-3-flash', split: 'vlm'}})
    expect([...table.verdicts[0]!.slice(0, 2)].map(hasVerdict)).toEqual([true, false])
  })

  it('refuses a riddle twice in one file, the same judge twice, and empty files, in one line', async () => {
    const directory = await temporaryDirectory()
    const twice = await writeLines(path.join(directory, 'judge_openai_m_llm_hints_0_by_gemini_g.jsonl'), [
      batchlingLine('a', judgement(true, true)),
      batchlingLine('a', judgement(true, true)),
    ])
    // A file named as a judge file is read as one: its errors are errors, not a reason to skip it.
    await expect(readJudgeTable([twice])).rejects.toThrow(/:2: field "custom_id": "a" appears twice/)
    const once = await writeLines(path.join(directory, 'copy', 'judge_openai_m_llm_hints_0_by_gemini_g.jsonl'), [batchlingLine('a', judgement(true, true))])
    const sameJudge = await writeLines(path.join(directory, 'other', 'judge_openai_m_llm_hints_0_by_gemini_g.jsonl'), [batchlingLine('a', judgement(true, true))])
    await expect(readJudgeTable([once, sameJudge])).rejects.toThrow(/both by judge gemini\/g: pass one file per judge/)
    const empty = await writeLines(path.join(directory, 'empty', 'judge_openai_m_llm_hints_0_by_gemini_g.jsonl'), [])
    await expect(readJudgeTable([empty])).rejects.toThrow(/is empty/)
    const emptyUnnamed = await writeLines(path.join(directory, 'empty.jsonl'), [])
    await expect(readJudgeTable([emptyUnnamed])).rejects.toThrow(/^no judge files among the 1 files given: .*empty\.jsonl \(not judge results: judge file .*empty\.jsonl is empty/)
  })
})

describe('RiddleIndex', () => {
  it('gives every id one stable index, through many growths of its table', () => {
    const index = new RiddleIndex()
    const ids = Array.from({length: 20_000}, (_, position) => `W${position % 7}-${position}`)
    expect(ids.map((id) => index.intern(id))).toEqual(ids.map((_, position) => position))
    expect([...ids].reverse().map((id) => index.intern(id))).toEqual(ids.map((_, position) => ids.length - 1 - position))
    expect(index.ids).toHaveLength(20_000)
  })
})
