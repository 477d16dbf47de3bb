import {execFile} from 'node:child_process'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BIN, scratchDir} from '../support/cli.js'
import {startBenchEmulator, type BenchEmulator} from '../support/emulator.js'
import type {JuryCard} from '../../src/cli/jury-card.js'
import type {StatusCard} from '../../src/cli/status-card.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import type {ResultsSummary} from '../../src/core/results/collect-results.js'
import type {ResultLine} from '../../src/core/results/result.js'
import type {ScoreReport} from '../../src/core/score/score.js'
import type {Responder, ResponderContext} from '../../src/emulator/index.js'
import type {ProviderName} from '../../src/providers/names.js'

const RIDDLES = 6

/** What each vendor was asked, as the emulator read it from the vendor's own line format. */
const asked: ResponderContext[] = []

/**
 * Even riddles answered "right", odd ones "wrong" (S-03 inside a code fence, S-05 not as JSON at
 * all); judges say correct exactly when the participant answered "right". So the jury's mean is
 * known: a half.
 */
const responder: Responder = (context) => {
  asked.push(context)
  if (context.schema?.title === 'BenchmarkJudgement') {
    const right = context.texts.includes('Participant answer: right')
    return {text: JSON.stringify({is_answer_correct: right, is_justification_correct: right})}
  }
  const number = Number(context.custom_id.slice('S-'.length))
  if (number === 5) return {text: 'I give up.'}
  const answer = JSON.stringify({justification: 'because', answer: number % 2 === 0 ? 'right' : 'wrong'})
  return {text: number === 3 ? `\`\`\`json\n${answer}\n\`\`\`` : answer}
}

let bench: BenchEmulator
beforeAll(async () => {
  bench = await startBenchEmulator()
  bench.emulator.setResponder(responder)
})
afterAll(async () => {
  await bench.close()
})

/** Runs one command as a user would and returns its `--json` output, failing on a non-zero exit. */
async function run<T>(cwd: string, args: string[]): Promise<T> {
  const result = await bench.bench(cwd, [...args, '--json'])
  expect(result.code, `bench ${args.join(' ')}: ${result.stderr}${result.stdout}`).toBe(0)
  return JSON.parse(result.stdout) as T
}

const chains: {evaluated: ProviderName; model: string; extra: string[]; judges: ProviderName[]; startWithJury: boolean}[] = [
  {evaluated: 'openai', model: 'gpt-4.1', extra: [], judges: ['gemini', 'anthropic', 'mistral'], startWithJury: false},
  {evaluated: 'anthropic', model: 'claude-sonnet-4-5', extra: ['--max-tokens', '2000'], judges: ['openai', 'gemini', 'mistral'], startWithJury: true},
]

/** The README's chain for one model in `cwd`, checking each step; returns what `bench score` printed for it alone. */
async function mainJob(cwd: string, {evaluated, model, extra, judges, startWithJury}: (typeof chains)[number]): Promise<ScoreReport> {
    asked.length = 0
    const prepare = ['prepare', '--dataset', SAMPLE_DATASET_PATH, '--split', 'full', '--hints', '1', '--limit', String(RIDDLES), '--provider', evaluated, '--model', model]
    const {name} = await run<{name: string}>(cwd, [...prepare, ...extra])
    await run(cwd, ['start', name])
    expect((await run<StatusCard>(cwd, ['get', name])).state).toBe('completed')
    const predictions = await run<ResultsSummary>(cwd, ['results', name])
    expect(predictions.succeeded).toBe(RIDDLES)

    const jury = await run<JuryCard>(cwd, ['jury', '--results-file-path', predictions.file, ...(startWithJury ? ['--start'] : [])])
    expect(jury.judges.map((judge) => judge.provider)).toEqual(judges)
    for (const judge of jury.judges) {
      if (!startWithJury) await run(cwd, ['start', judge.name])
      expect((await run<StatusCard>(cwd, ['get', judge.name])).state).toBe('completed')
      expect((await run<ResultsSummary>(cwd, ['results', judge.name])).succeeded).toBe(RIDDLES)
      // Issue 14 §3: every verdict line says what it judged, so a copy elsewhere still knows.
      const verdicts = (await readFile(join(cwd, 'results', `${judge.name}.jsonl`), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as ResultLine)
      expect(new Set(verdicts.map((line) => JSON.stringify(line.judge_of)))).toEqual(
        new Set([JSON.stringify({batch: name, provider: evaluated, model, split: 'full', hints: 1, withheld: {refusal: 0, safety: 0, recitation: 0, truncated: 0}})]),
      )
    }

    expect(jury.predictions).toMatchObject({total: RIDDLES, as_returned: 4, repaired: 1, unreadable: 1, repaired_ids: ['S-03'], empty_ids: ['S-05']})
    // Each judge vendor read every line: the judgement schema, the prediction (repaired or empty) shown.
    for (const judge of jury.judges) {
      const lines = asked.filter((context) => context.provider === judge.provider && context.model === judge.model)
      expect(lines.map((context) => context.custom_id).sort()).toEqual(['S-01', 'S-02', 'S-03', 'S-04', 'S-05', 'S-06'])
      const shown = (id: string) => lines.find((context) => context.custom_id === id)!.texts.find((text) => text.startsWith('Participant answer: '))
      expect([shown('S-02'), shown('S-03'), shown('S-05')]).toEqual(['Participant answer: right', 'Participant answer: wrong', 'Participant answer: '])
    }

    const report = await run<ScoreReport>(cwd, ['score', '--judge-files', ...jury.judges.map((judge) => `results/${judge.name}.jsonl`), '--resamples', '1000'])
    expect(report.n).toBe(RIDDLES)
    expect(report.model).toEqual({provider: evaluated, model, split: 'full', hints: 1})
    expect(report.judges.map((judge) => judge.judge)).toEqual(jury.judges.map((judge) => `${judge.provider}/${judge.model}`))
    expect(report.judges.map((judge) => judge.score)).toEqual([50, 50, 50])
    expect(report.score).toBe(50)
    return report
}

/** `bench score --judge-files results/*.jsonl` exactly as written: the shell expands the glob. */
async function scoreGlob(cwd: string, json: boolean): Promise<{stdout: string; stderr: string}> {
  const command = `'${process.execPath}' '${BIN}' score --judge-files results/*.jsonl --resamples 1000${json ? ' --json' : ''}`
  return promisify(execFile)('/bin/sh', ['-c', command], {cwd})
}

describe('the main job, command by command, against the emulator', () => {
  it('two models: prepare, start, get, results, jury, judges; then score --judge-files results/*.jsonl', async () => {
    const cwd = await scratchDir()
    const alone: ScoreReport[] = []
    for (const chain of chains) alone.push(await mainJob(cwd, chain))

    // Issue 14 §2: the glob takes the prediction files too; they are skipped, one note for the kind.
    const text = await scoreGlob(cwd, false)
    expect(text.stderr).toContain(
      'skipped 2 files, the answers of prediction batches, not verdicts: results/benchmark_anthropic_claude-sonnet-4-5_full_hints_1.jsonl, results/benchmark_openai_gpt-4-1_full_hints_1.jsonl',
    )
    const rows = text.stdout.trim().split('\n')
    expect(rows[0]).toMatch(/^evaluated batch +score +95% CI \(±\) +n$/)
    expect(rows.slice(1).map((row) => row.split(/ +/))).toEqual([
      ['benchmark_anthropic_claude-sonnet-4-5_full_hints_1', '50.0', alone[1]!['95% CI (±)'].toFixed(1), String(RIDDLES)],
      ['benchmark_openai_gpt-4-1_full_hints_1', '50.0', alone[0]!['95% CI (±)'].toFixed(1), String(RIDDLES)],
    ])
    // Each batch's figures are those of scoring it alone.
    const reports = JSON.parse((await scoreGlob(cwd, true)).stdout) as ScoreReport[]
    expect(reports.map((report) => report.batch)).toEqual(['benchmark_anthropic_claude-sonnet-4-5_full_hints_1', 'benchmark_openai_gpt-4-1_full_hints_1'])
    const figures = ({batch, score, n, interval, intervals, model, withheld, judges: byJudge, ...rest}: ScoreReport) => ({
      batch, score, ci: rest['95% CI (±)'], n, interval, intervals, model, withheld,
      // The glob lists the judges by file name; the jury card in the pool's order.
      judges: byJudge.map((judge) => [judge.judge, judge.score]).sort(),
    })
    expect(reports.map(figures)).toEqual([alone[1]!, alone[0]!].map(figures))
    // Two chains of about 25 CLI runs each: more than the default minute on a busy machine.
  }, 240_000)
})
