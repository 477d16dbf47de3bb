import {readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {CompareReport} from '../../src/core/compare/compare.js'
import {runBench, scratchDir} from '../support/cli.js'
import {writeBatchlingFixture, writeDataset} from './fixtures.js'

let cwd: string
beforeAll(async () => {
  cwd = await scratchDir('bench-compare-command-')
  await writeBatchlingFixture(join(cwd, 'llm'), {
    riddles: 50,
    models: [
      {provider: 'openai', model: 'gpt-5.1', skill: 0.8},
      {provider: 'gemini', model: 'gemini-3-flash', skill: 0.5},
    ],
    judges: [
      {provider: 'anthropic', model: 'claude-opus-4-5'},
      {provider: 'mistral', model: 'mistral-large-2512'},
    ],
  })
})
afterAll(async () => {
  await rm(cwd, {recursive: true, force: true})
})

describe('bench compare (built CLI)', () => {
  it('prints the leaderboard, the matrix and the judges as tables', async () => {
    const result = await runBench(['compare', 'llm', '--resamples', '500'], {cwd})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Leaderboard\nrank {2}rank spread {2}model/)
    expect(result.stdout).toMatch(/ {3}1 {2}1 <--> 1 {5}openai\/gpt-5-1 /)
    expect(result.stdout).toContain('Significant differences')
    expect(result.stdout).toContain('Per category: no dataset gives categories')
  })

  it('writes the HTML report with --out, and --json prints the same numbers', async () => {
    const html = await runBench(['compare', 'llm', '--format', 'html', '--out', 'report.html', '--resamples', '500'], {cwd})
    expect(html.code).toBe(0)
    expect(html.stdout).toMatch(/^Wrote report\.html \([\d.]+ KB, html, 2 models\)\n$/)
    expect(await readFile(join(cwd, 'report.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/)
    const json = await runBench(['compare', 'llm', '--json', '--resamples', '500'], {cwd})
    const report = JSON.parse(json.stdout) as CompareReport
    expect(report.leaderboard.map((row) => row.label)).toEqual(['openai/gpt-5-1', 'gemini/gemini-3-flash'])
    const best = report.leaderboard[0]!
    expect(await readFile(join(cwd, 'report.html'), 'utf8')).toContain(`${best.score.toFixed(1)} ± ${best['95% CI (±)'].toFixed(1)}`)
  })

  it('names files outside the working directory by their name only: a shared report carries no local path (issue 19)', async () => {
    const elsewhere = await scratchDir('bench-compare-elsewhere-')
    const row = (verdict: boolean) =>
      JSON.stringify({riddle_id: 'x', provider: 'together', model: 'm', both_correct_claude: verdict, 'both_correct_mistral-large': verdict, human_both_correct: verdict})
    const calibration = join(elsewhere, 'ppi_llm.jsonl')
    await writeFile(calibration, [...Array.from({length: 10}, () => row(true)), ...Array.from({length: 10}, () => row(false))].join('\n') + '\n')
    const dataset = await writeDataset(join(elsewhere, 'riddles.jsonl'), 50)
    const args = ['compare', 'llm', '--resamples', '200', '--calibration', calibration, '--dataset', dataset]
    const html = await runBench([...args, '--format', 'html', '--out', 'shared.html'], {cwd})
    expect(html.code, html.stderr).toBe(0)
    const page = await readFile(join(cwd, 'shared.html'), 'utf8')
    expect(page).toContain('calibrated against ppi_llm.jsonl')
    for (const local of [elsewhere, cwd, tmpdir()]) expect(page).not.toContain(local)
    const report = JSON.parse((await runBench([...args, '--json'], {cwd})).stdout) as CompareReport
    expect(report.calibration?.file).toBe('ppi_llm.jsonl')
    expect(report.categories.datasets).toEqual(['riddles.jsonl'])
  })

  it('says in one line when a path does not exist', async () => {
    const result = await runBench(['compare', 'nowhere'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('Error: cannot read nowhere (ENOENT): check the path\n')
  })
})
