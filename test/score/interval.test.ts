import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {batchlingLine, judgement, temporaryDirectory, writeLines} from './helpers.js'
import {scoreNotes} from '../../src/cli/score-output.js'
import {calibratedFullInterval} from '../../src/core/score/calibrated.js'
import {juryInterval, wilsonInterval} from '../../src/core/score/interval.js'
import {scoreBatch} from '../../src/core/score/score.js'
import {matching} from '../support/matchers.js'

/** Issue 14 §4: intervals that keep their promise. */

/** P(X = x) for X ~ Binomial(n, p), for every x, by the recurrence from P(X = 0), in logs (0.05^1000 underflows). */
function binomialPmf(n: number, p: number): number[] {
  const logs = [n * Math.log1p(-p)]
  for (let x = 1; x <= n; x++) logs.push(logs[x - 1]! + Math.log(((n - x + 1) * p) / (x * (1 - p))))
  return logs.map(Math.exp)
}

describe('the jury-mean interval', () => {
  it('covers the truth at least 94% of the time, and at most 97% on average, when the judges are unanimous (exact)', () => {
    // Unanimous judges make each riddle a Bernoulli trial: coverage is a finite sum, no simulation.
    // The percentile bootstrap bench used before covered 79 to 95% in these cells.
    const coverages: number[] = []
    for (const n of [30, 50, 200, 1000]) {
      const intervals = Array.from({length: n + 1}, (_, solved) =>
        juryInterval(
          [
            {value: 0, count: n - solved},
            {value: 1, count: solved},
          ].filter((stratum) => stratum.count > 0),
          3,
        ),
      )
      for (const truth of [0.05, 0.1, 0.5, 0.9, 0.95]) {
        const pmf = binomialPmf(n, truth)
        coverages.push(intervals.reduce((total, {low, high}, solved) => total + (low <= truth && truth <= high ? pmf[solved]! : 0), 0))
      }
    }
    expect(Math.min(...coverages)).toBeGreaterThanOrEqual(0.94)
    expect(coverages.reduce((a, b) => a + b, 0) / coverages.length).toBeLessThanOrEqual(0.97)
  })

  it('is one-sided at 0% and 100%, and holds its value in between', () => {
    expect(wilsonInterval(0, 100)).toEqual({low: 0, high: matching.closeTo(0.046, 3)})
    expect(wilsonInterval(1, 100)).toEqual({low: matching.closeTo(0.954, 3), high: 1})
    for (const p of [0.01, 0.3, 0.5, 0.99]) {
      const {low, high} = wilsonInterval(p, 40)
      expect(low).toBeLessThan(p)
      expect(high).toBeGreaterThan(p)
    }
  })

  it('narrows when the judges split, as far as n x judges trials and no further', () => {
    const unanimous = juryInterval([{value: 0, count: 50}, {value: 1, count: 50}], 3)
    const split = juryInterval([{value: 1 / 3, count: 50}, {value: 2 / 3, count: 50}], 3)
    expect(split.mean).toBeCloseTo(0.5, 12)
    expect(split.high - split.low).toBeLessThan(unanimous.high - unanimous.low)
    const same = juryInterval([{value: 2 / 3, count: 100}], 3)
    expect(same.high - same.low).toBeCloseTo(wilsonInterval(2 / 3, 300).high - wilsonInterval(2 / 3, 300).low, 12)
  })
})

describe('bench score at the edges', () => {
  const judges = ['anthropic_claude', 'gemini_gemini-pro', 'mistral_mistral-large']
  async function files(folder: string, riddles: number, correct: (judge: number, riddle: number) => boolean): Promise<string[]> {
    const directory = await temporaryDirectory()
    return Promise.all(
      judges.map((judge, index) =>
        writeLines(
          path.join(directory, folder, `judge_openai_m_llm_hints_0_by_${judge}.jsonl`),
          Array.from({length: riddles}, (_, riddle) => batchlingLine(`r${riddle}`, judgement(correct(index, riddle), true), judge)),
        ),
      ),
    )
  }
  const score = async (judgeFiles: string[]) => scoreBatch({judgeFiles, field: 'both_correct', resamples: 1000, seed: 0})

  it('prints 100 riddles all correct as 100.0 with a one-sided interval, not ± 0.1', async () => {
    const report = await score(await files('all', 100, () => true))
    expect(report.score).toBe(100)
    expect(report['95% CI (±)']).toBe(4.7)
    expect(report.interval).toEqual({low: matching.closeTo(95.4, 1), high: 100})
    expect(scoreNotes(report)).toContainEqual('the interval is not symmetric: 95.4 to 100.0; ± gives its larger side (--json: interval)')
  })

  it('prints none correct as 0.0 with a one-sided interval', async () => {
    const report = await score(await files('none', 100, () => false))
    expect(report.score).toBe(0)
    expect(report.interval).toEqual({low: 0, high: matching.closeTo(4.6, 1)})
  })

  it('says that the interval of a single riddle is rough, and does not print ± 0.1', async () => {
    const report = await score(await files('one', 1, (judge) => judge < 2))
    expect(report.score).toBe(66.7)
    expect(report.rough).toBe(true)
    expect(report['95% CI (±)']).toBeGreaterThan(40)
    expect(scoreNotes(report)).toContainEqual('warning: only 1 riddles: the interval is rough (its coverage was checked from 30 riddles up)')
  })
})

describe('--ci full of the calibrated score', () => {
  it("gives gpt-5.1's published 83.3 ± 0.1 its riddles' uncertainty, about ± 5.4", () => {
    // gpt-5.1 on the 186 llm riddles: 155 unanimous "correct" (pool rows: all labelled correct), 31 unanimous "wrong".
    const {mean, low, high} = calibratedFullInterval([
      {count: 155, labelMean: 1, rows: 438},
      {count: 31, labelMean: 0, rows: 160},
    ])
    expect(mean).toBeCloseTo(155 / 186, 12)
    // Half the interval's width: a proportion's 1.96 x sqrt(p(1 - p) / 186) = 5.4, continuity-corrected.
    expect((100 * (high - low)) / 2).toBeGreaterThan(5.2)
    expect((100 * (high - low)) / 2).toBeLessThan(5.9)
    // Not symmetric: more room below 83.3 than above.
    expect(mean - low).toBeGreaterThan(high - mean)
  })

  it('adds the uncertainty of the pool rows behind each stratum', () => {
    const fewRows = calibratedFullInterval([{count: 100, labelMean: 0.5, rows: 10}])
    const manyRows = calibratedFullInterval([{count: 100, labelMean: 0.5, rows: 10_000}])
    expect(fewRows.high - fewRows.low).toBeGreaterThan(1.5 * (manyRows.high - manyRows.low))
  })
})
