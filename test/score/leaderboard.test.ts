import {execFile} from 'node:child_process'
import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {describe, expect, it} from 'vitest'

import {scoreBatch} from '../../src/core/score/score.js'
import {BIN, REPO_ROOT} from '../support/cli.js'
import {LAYTON as data} from '../support/fixtures.js'
import {matching} from '../support/matchers.js'

interface PublishedRow {
  model: string
  provider: string
  score: number
  '95% CI (±)': number
}

/** The leaderboard names models as they are; files sanitize them (`gpt-5.1` -> `gpt-5-1`). */
function judgeFilesOf(row: PublishedRow): string[] {
  const prefix = `judge_${row.provider}_${row.model.replace(/[^A-Za-z0-9-]/g, '-')}_llm_hints_0_by_`
  return readdirSync(path.join(data, 'llm'))
    .filter((file) => file.startsWith(prefix))
    .map((file) => path.join(data, 'llm', file))
}

function published(): PublishedRow[] {
  return readFileSync(path.join(data, 'leaderboard_llm.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as PublishedRow)
    .filter((row) => judgeFilesOf(row).length > 0)
}

describe('bench score reproduces the published llm leaderboard', () => {
  const calibration = path.join(data, 'ppi_llm.jsonl')

  it('finds the nine models of the data set', () => {
    expect(published()).toHaveLength(9)
    for (const row of published()) expect(judgeFilesOf(row)).toHaveLength(3)
  })

  it.each(published().map((row) => [row.model, row] as const))('%s', async (_, row) => {
    const report = await scoreBatch({judgeFiles: judgeFilesOf(row), field: 'both_correct', calibration, resamples: 10_000, seed: 0})
    expect(report.method).toBe('calibrated')
    expect(report.n).toBe(186)
    expect(report.model.provider).toBe(row.provider)
    expect(Math.abs(report.score - row.score)).toBeLessThanOrEqual(0.2 + 1e-9)
    expect(Math.abs(report['95% CI (±)'] - row['95% CI (±)'])).toBeLessThanOrEqual(0.3 + 1e-9)
  })

  it('prints the published line through the built CLI', async () => {
    const row = published()[0] as PublishedRow
    const {stdout} = await promisify(execFile)(process.execPath, [BIN, 'score', '--calibration', calibration, '--judge-files', ...judgeFilesOf(row)], {cwd: REPO_ROOT})
    const printed = JSON.parse(stdout) as {score: number; '95% CI (±)': number}
    expect(Object.keys(printed)).toEqual(['score', '95% CI (±)'])
    expect(Math.abs(printed.score - row.score)).toBeLessThanOrEqual(0.2 + 1e-9)
    expect(Math.abs(printed['95% CI (±)'] - row['95% CI (±)'])).toBeLessThanOrEqual(0.3 + 1e-9)
  })
})

describe('--ci full on the published data (issue 14 §4)', () => {
  it("gives gpt-5.1's 83.3 ± 0.1 the uncertainty of which riddles were drawn", async () => {
    const judgeFiles = readdirSync(path.join(data, 'llm'))
      .filter((file) => file.startsWith('judge_openai_gpt-5-1-2025-11-13-high_llm_hints_0_by_'))
      .map((file) => path.join(data, 'llm', file))
    const report = await scoreBatch({judgeFiles, field: 'both_correct', calibration: path.join(data, 'ppi_llm.jsonl'), resamples: 10_000, seed: 0, ci: 'full'})
    expect(report.score).toBe(83.3)
    expect(report.intervals.published).toMatchObject({'95% CI (±)': 0.1})
    expect(report.intervals.full).toEqual({'95% CI (±)': 6.3, low: matching.closeTo(77.0, 1), high: matching.closeTo(88.2, 1)})
    expect(report['95% CI (±)']).toBe(6.3)
  })
})
