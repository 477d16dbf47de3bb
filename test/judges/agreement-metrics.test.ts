import {describe, expect, it} from 'vitest'

import {defaultResponder} from '../../src/emulator/index.js'
import {agreementMetrics, confusionOf, pairedComparison} from '../../src/core/judges/agreement-metrics.js'

describe('agreement with people', () => {
  it('computes the figures from the table, with Wilson intervals for proportions and bootstrap ones for F1 and kappa', () => {
    // tp 40, fp 10, fn 5, tn 45 (n 100).
    const metrics = agreementMetrics({tp: 40, fp: 10, fn: 5, tn: 45}, 0)
    expect(metrics.accuracy.value).toBe(0.85)
    expect(metrics.precision.value).toBe(0.8)
    expect(metrics.recall.value).toBeCloseTo(40 / 45, 12)
    expect(metrics.f1.value).toBeCloseTo(80 / 95, 12)
    // Chance agreement: 0.5 x 0.45 + 0.5 x 0.55 = 0.5.
    expect(metrics.cohen_kappa.value).toBeCloseTo(0.7, 12)
    expect(metrics.accuracy.low!).toBeGreaterThan(0.75)
    expect(metrics.accuracy.high!).toBeLessThan(0.92)
    expect(metrics.cohen_kappa.low!).toBeLessThan(0.7)
    expect(metrics.cohen_kappa.high!).toBeGreaterThan(0.7)
    expect(agreementMetrics({tp: 40, fp: 10, fn: 5, tn: 45}, 0)).toEqual(metrics)
  })

  it('leaves undefined figures empty rather than 0: no positive verdict has no precision', () => {
    const metrics = agreementMetrics(confusionOf([{verdict: false, label: true}, {verdict: false, label: false}]), 0)
    expect(metrics.precision).toEqual({value: null, low: null, high: null})
    expect(metrics.cohen_kappa.value).toBe(0)
  })

  it('compares two judges on the same answers: McNemar on who agreed with people, and the kappa difference', () => {
    const pairs = [
      ...Array.from({length: 30}, () => ({first: true, second: true, label: true})),
      ...Array.from({length: 30}, () => ({first: false, second: false, label: false})),
      ...Array.from({length: 12}, () => ({first: true, second: false, label: true})),
      ...Array.from({length: 2}, () => ({first: false, second: true, label: true})),
    ]
    const comparison = pairedComparison(pairs, 0)
    expect(comparison).toMatchObject({n: 74, first_only: 12, second_only: 2})
    // Exact two-sided binomial: 2 x P(X <= 2 | 14, 1/2) = 2 x 106 / 16384.
    expect(comparison.mcnemar_p).toBeCloseTo((2 * 106) / 16384, 12)
    expect(comparison.kappa_difference.value!).toBeGreaterThan(0)
    expect(comparison.kappa_difference.low!).toBeGreaterThan(0)
  })
})

describe("the emulator's answers to a judge's repeats", () => {
  const context = {model: 'model-1', texts: ['Is it right?'], imageCount: 0, provider: 'openai' as const, seed: 0, schema: {type: 'object', properties: {correct: {type: 'boolean'}}, required: ['correct']}}
  const answers = (repeatDisagreement: number) =>
    Array.from({length: 200}, (_, item) => [1, 2, 3].map((repeat) => JSON.stringify(defaultResponder({...context, repeatDisagreement, custom_id: repeat === 1 ? `q${item}` : `q${item}__r${repeat}`}))))

  it('agree by default, and disagree at the rate set', () => {
    expect(answers(0).every(([first, ...rest]) => rest.every((answer) => answer === first))).toBe(true)
    const disagreeing = answers(0.5).filter(([first, ...rest]) => rest.some((answer) => answer !== first)).length
    // Each later repeat is drawn afresh half the time, and then differs half the time: 1 - (3/4)^2 of items.
    expect(disagreeing / 200).toBeGreaterThan(0.3)
    expect(disagreeing / 200).toBeLessThan(0.57)
  })
})
