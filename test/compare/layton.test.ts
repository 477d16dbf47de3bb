import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {compareModels} from '../../src/core/compare/compare.js'
import {LAYTON as data} from '../support/fixtures.js'

interface PublishedRow {
  model: string
  provider: string
  score: number
  '95% CI (±)': number
  rank_spread: string
}

describe('bench compare on the published llm data (9 models, 3 judges each)', async () => {
  const calibration = path.join(data, 'ppi_llm.jsonl')
  const comparison = await compareModels({paths: [path.join(data, 'llm')], field: 'both_correct', calibration, resamples: 10_000, seed: 0})
  const published = readFileSync(path.join(data, 'leaderboard_llm.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as PublishedRow)

  it('matches the published scores, intervals and rank spreads', () => {
    const {leaderboard} = comparison.report
    expect(leaderboard).toHaveLength(9)
    for (const row of leaderboard) {
      const model = published.find((entry) => entry.provider === row.provider && entry.model.replace(/[^A-Za-z0-9-]/g, '-') === row.model)
      expect(model, row.label).toBeDefined()
      expect(Math.abs(row.score - model!.score)).toBeLessThanOrEqual(0.2 + 1e-9)
      expect(Math.abs(row['95% CI (±)'] - model!['95% CI (±)'])).toBeLessThanOrEqual(0.3 + 1e-9)
      expect(`${row.rank_spread.best} <--> ${row.rank_spread.worst}`).toBe(model!.rank_spread)
      expect(row.n).toBe(186)
      // batchling files record neither usage nor timestamps.
      expect([row.cost_usd, row.wall_seconds, row.tokens]).toEqual(['unknown', 'unknown', 'unknown'])
      expect(row.failed).toBe(0)
    }
  })

  it('compares each judge with the humans on the 614 labelled rows', () => {
    const rows = readFileSync(calibration, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((row) => row.human_both_correct !== null)
    expect(rows).toHaveLength(614)
    const {judges} = comparison.report.judges
    expect(judges).toHaveLength(4)
    for (const judge of judges) {
      const column = Object.keys(rows[0]!).find((key) => key.startsWith('both_correct_') && key.slice('both_correct_'.length).replace(/[^A-Za-z0-9-]/g, '-') === judge.judge.split('/')[1])!
      const judged = rows.filter((row) => row[column] !== null)
      const agreeing = judged.filter((row) => row[column] === row.human_both_correct)
      expect(judge.human!.n).toBe(judged.length)
      expect(judge.human!.accuracy).toBeCloseTo((100 * agreeing.length) / judged.length, 9)
      expect(judge.human!.cohen_kappa).toBeGreaterThan(0.9)
    }
  })

  it('finds the big gaps significant and the close pairs too close to call', () => {
    const pair = (first: string, second: string) => comparison.report.pairs.find((entry) => entry.first.includes(first) && entry.second.includes(second))!
    expect(pair('gemini-3-flash', 'mistral-large')).toMatchObject({significant: true})
    expect(pair('gemini-3-flash', 'gemini-3-pro')).toMatchObject({significant: false, underpowered: true, n: 186})
  })
})
