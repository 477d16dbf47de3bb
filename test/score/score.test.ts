import {readFile} from 'node:fs/promises'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {batchlingLine, judgement, temporaryDirectory, writeLines} from './helpers.js'
import {scoreBatch, type ScoreOptions} from '../../src/core/score/score.js'

const JUDGES = ['anthropic_claude', 'gemini_gemini-pro', 'mistral_mistral-large']

/** Three judges on 100 riddles: all agree "correct" on 1-60, all "wrong" on 61-90, split 2-1 on 91-100. */
function verdict(judge: number, riddle: number): boolean {
  if (riddle <= 60) return true
  if (riddle <= 90) return false
  return judge < 2
}

/** A calibration row with the given judge verdicts (null: sat out) and human label. */
function poolRow(provider: string, verdicts: (boolean | null)[], human: boolean | null): string {
  const row: Record<string, unknown> = {riddle_id: 'x', provider, model: 'm'}
  ;['claude', 'gemini-pro', 'mistral-large', 'gpt'].forEach((judge, index) => {
    const value = verdicts[index] ?? null
    row[`is_answer_correct_${judge}`] = value
    row[`is_justification_correct_${judge}`] = value
    row[`both_correct_${judge}`] = value
  })
  row.human_answer_correct = human
  row.human_justification_correct = human
  row.human_both_correct = human
  return JSON.stringify(row)
}

let directory: string
let judgeFiles: string[]
let calibration: string

beforeAll(async () => {
  directory = await temporaryDirectory()
  judgeFiles = await Promise.all(
    JUDGES.map((judge, index) =>
      writeLines(
        path.join(directory, `judge_openai_gpt-x_llm_hints_0_by_${judge}.jsonl`),
        Array.from({length: 100}, (_, riddle) => batchlingLine(`r${riddle + 1}`, judgement(verdict(index, riddle + 1), true), judge)),
      ),
    ),
  )
  // Other providers: unanimous judges are right, a 2-1 "correct" is right half the time. The
  // evaluated provider's own rows say the opposite and must be left out.
  calibration = await writeLines(path.join(directory, 'ppi_llm.jsonl'), [
    ...Array.from({length: 20}, () => poolRow('gemini', [true, true, null, true], true)),
    ...Array.from({length: 20}, () => poolRow('gemini', [false, false, null, false], false)),
    ...Array.from({length: 10}, (_, index) => poolRow('anthropic', [true, true, false, null], index % 2 === 0)),
    ...Array.from({length: 10}, (_, index) => poolRow('anthropic', [true, false, false, null], index < 3)),
    ...Array.from({length: 30}, () => poolRow('openai', [true, true, true, null], false)),
    poolRow('gemini', [true, true, null, true], null),
  ])
})

const options = (overrides: Partial<ScoreOptions> = {}): ScoreOptions => ({judgeFiles, field: 'both_correct', resamples: 2000, seed: 0, ...overrides})

describe('scoreBatch without calibration', () => {
  it('prints the jury mean (not a majority vote) with a Wilson interval, and says so', async () => {
    const report = await scoreBatch(options())
    expect(report.method).toBe('jury mean')
    expect(report.ci).toBe('full')
    expect(report.n).toBe(100)
    expect(report.score).toBe(66.7) // (60 + 10 * 2/3) / 100
    expect(report['95% CI (±)']).toBeGreaterThan(5)
    expect(report['95% CI (±)']).toBeLessThan(13)
    expect(report.model).toEqual({provider: 'openai', model: 'gpt-x', split: 'llm', hints: 0})
    expect(report.batch).toBe('benchmark_openai_gpt-x_llm_hints_0')
    expect(report.rough).toBe(false)
    expect(report.interval.low).toBeLessThan(66.7)
    expect(report.interval.high).toBeGreaterThan(66.7)
  })

  it('prints the same numbers for the same seed', async () => {
    const first = await scoreBatch(options({seed: 42}))
    const second = await scoreBatch(options({seed: 42}))
    expect(second).toEqual(first)
  })

  it('reports each judge, their agreement and the scores without each judge', async () => {
    const report = await scoreBatch(options())
    expect(report.judges.map(({judge, score}) => [judge, score])).toEqual([
      ['anthropic/claude', 70],
      ['gemini/gemini-pro', 70],
      ['mistral/mistral-large', 60],
    ])
    const [agreeing, disagreeing] = report.agreement.pairs
    expect(agreeing).toMatchObject({judges: ['anthropic/claude', 'gemini/gemini-pro'], n: 100, percent_agreement: 100, cohen_kappa: 1})
    expect(disagreeing).toMatchObject({percent_agreement: 90})
    expect(report.agreement.fleiss_kappa?.n).toBe(100)
    expect(report.leave_one_judge_out.map(({without, score}) => [without, score])).toEqual([
      ['anthropic/claude', 65],
      ['gemini/gemini-pro', 65],
      ['mistral/mistral-large', 70],
    ])
  })

  it('scores a riddle on the judges it has, and lists it', async () => {
    const partial = await writeLines(path.join(directory, 'partial', 'judge_openai_gpt-x_llm_hints_0_by_anthropic_claude.jsonl'), [
      batchlingLine('r1', 'not a judgement', 'claude'),
      ...Array.from({length: 99}, (_, riddle) => batchlingLine(`r${riddle + 2}`, judgement(verdict(0, riddle + 2), true), 'claude')),
    ])
    const report = await scoreBatch(options({judgeFiles: [partial, ...judgeFiles.slice(1)]}))
    expect(report.n).toBe(100)
    expect(report.missing_verdicts).toEqual({riddles: 1, unscored: 0, list: [{custom_id: 'r1', judges: ['anthropic/claude']}]})
    expect(report.score).toBe(66.7)
  })
})

describe('scoreBatch with a calibration pool', () => {
  it("uses the human labels of other providers' rows, stratified by jury value", async () => {
    const report = await scoreBatch(options({calibration}))
    expect(report.method).toBe('calibrated')
    expect(report.ci).toBe('published')
    expect(report.calibration).toMatchObject({pool_rows: 60, left_out_provider: 'openai', remapped: []})
    // 60 riddles at 1 (label mean 1), 30 at 0 (mean 0), 10 at 2/3 (mean 0.5): 65 on average.
    expect(Math.abs(report.score - 65)).toBeLessThanOrEqual(0.5)
    expect(report['95% CI (±)']).toBeGreaterThan(1)
    expect(report['95% CI (±)']).toBeLessThan(3.5)
    expect(report.intervals.published!['95% CI (±)']).toBe(report['95% CI (±)'])
    // With the riddles resampled too: about a proportion's interval on 100 riddles, 1.96 x sqrt(.65 x .35 / 100).
    expect(report.intervals.full['95% CI (±)']).toBeGreaterThan(9)
    expect(report.intervals.full['95% CI (±)']).toBeLessThan(13)
    // Leaving a judge out also leaves its column out of the pool, so every jury value has a stratum.
    expect(report.leave_one_judge_out.map((entry) => entry.remapped_riddles)).toEqual([0, 0, 0])
  })

  it('maps a jury value the pool lacks to its nearest strata, and reports it', async () => {
    // Two judges only: the 2-1 riddles become 1/2, halfway between the pool's 1/3 and 2/3.
    const report = await scoreBatch(options({calibration, judgeFiles: [judgeFiles[0]!, judgeFiles[2]!]}))
    expect(report.calibration?.remapped).toEqual([{jury_value: 0.5, riddles: 10, mapped_to: [1 / 3, 2 / 3]}])
    // Pooled 1/3 and 2/3 rows: 8 of 20 labelled correct.
    expect(Math.abs(report.score - 64)).toBeLessThanOrEqual(0.5)
  })

  it('needs the evaluated provider when the file names do not tell it', async () => {
    const unnamed = await Promise.all(judgeFiles.map(async (_, index) => writeLines(path.join(directory, 'unnamed', `judge${index}.jsonl`), [batchlingLine('r1', judgement(true, true), JUDGES[index])])))
    await expect(scoreBatch(options({calibration, judgeFiles: unnamed}))).rejects.toThrow(/pass --provider NAME/)
    const report = await scoreBatch(options({calibration, judgeFiles: unnamed, provider: 'openai'}))
    expect(report.calibration?.left_out_provider).toBe('openai')
  })

  it('refuses a pool of another split, or one without human labels, in one line', async () => {
    const vlm = await Promise.all(judgeFiles.map(async (_, index) => writeLines(path.join(directory, 'vlm', `judge_openai_gpt-x_vlm_hints_0_by_${JUDGES[index]}.jsonl`), [batchlingLine('r1', judgement(true, true), JUDGES[index])])))
    await expect(scoreBatch(options({calibration, judgeFiles: vlm}))).rejects.toThrow(/split vlm but the calibration file .* is of split llm: pass ppi_vlm.jsonl/)
    const unlabelled = await writeLines(path.join(directory, 'unlabelled.jsonl'), [poolRow('gemini', [true, true, null, true], null)])
    await expect(scoreBatch(options({calibration: unlabelled}))).rejects.toThrow(/has no human labels for both_correct \(column human_both_correct\)/)
    await expect(scoreBatch(options({calibration: path.join(directory, 'absent.jsonl')}))).rejects.toThrow(/cannot read calibration file .*absent.jsonl \(ENOENT\)/)
  })

  it('fetches the pool of the judged split from the Hub with --calibration hub, once, into the cache', async () => {
    const pool = await readFile(calibration)
    const requests: string[] = []
    const server = createServer((request, response) => {
      requests.push(request.url ?? '')
      if (request.url === '/datasets/rvienne/layton-eval-ppi/resolve/main/ppi_llm.jsonl') response.end(pool)
      else response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const {port} = server.address() as AddressInfo
    const saved = {endpoint: process.env.HF_ENDPOINT, cache: process.env.BENCH_CACHE_DIR}
    process.env.HF_ENDPOINT = `http://127.0.0.1:${port}`
    process.env.BENCH_CACHE_DIR = path.join(directory, 'hub-cache')
    try {
      const fromFile = await scoreBatch(options({calibration}))
      const fromHub = await scoreBatch(options({calibration: 'hub'}))
      await scoreBatch(options({calibration: 'hub'}))
      expect([fromHub.score, fromHub['95% CI (±)']]).toEqual([fromFile.score, fromFile['95% CI (±)']])
      expect(requests).toEqual(['/datasets/rvienne/layton-eval-ppi/resolve/main/ppi_llm.jsonl'])
    } finally {
      process.env.HF_ENDPOINT = saved.endpoint ?? ''
      if (saved.endpoint === undefined) delete process.env.HF_ENDPOINT
      if (saved.cache === undefined) delete process.env.BENCH_CACHE_DIR
      else process.env.BENCH_CACHE_DIR = saved.cache
      server.close()
    }
  })

  it('refuses no judge files', async () => {
    await expect(scoreBatch(options({judgeFiles: []}))).rejects.toThrow(/no judge files given/)
  })
})
