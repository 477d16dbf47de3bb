import {describe, expect, it} from 'vitest'

import {agreementMetrics} from '../../src/core/judges/agreement-metrics.js'
import type {CandidateRow, CandidatesReport} from '../../src/core/judges/candidate-report.js'
import {repeatConsistency} from '../../src/core/jury/repeat-consistency.js'
import {renderJudgesHtml} from '../../src/report/html/judges-section.js'

const SCRIPT_PROBE = '<script>window.__xss = "script"</script>'
const IMAGE_PROBE = '<img src=x onerror="window.__xss = 1">'

function row(candidate: string, confusion: {tp: number; fp: number; fn: number; tn: number}, cost: number | 'unknown'): CandidateRow {
  return {
    candidate,
    provider: 'openai',
    model: candidate,
    batches: [],
    metrics: agreementMetrics(confusion, 0),
    no_verdict: 0,
    consistency: repeatConsistency([[1, 1, 0], [0, 0, 0]], 3),
    errors: {requests: 6, failed: 1, refused: 0, unparsed: 0, rate: 1 / 6},
    turnaround_seconds_per_1000: 120,
    latency_ms: null,
    cost_per_1000_verdicts: cost,
  }
}

const REPORT: CandidatesReport = {
  name: 'judges_x',
  labels: {file: `labels-${IMAGE_PROBE}.jsonl`, kind: 'jsonl', answers: 100, unlabelled: 0, positives: 50},
  criterion: 'correct',
  repeats: 3,
  repeat_rule: 'majority',
  seed: 0,
  candidates: [row(`openai/${SCRIPT_PROBE}`, {tp: 45, fp: 5, fn: 5, tn: 45}, 2), row('gemini/cheap', {tp: 44, fp: 6, fn: 5, tn: 45}, 0.5)],
  agreement: [{first: `openai/${SCRIPT_PROBE}`, second: 'gemini/cheap', n: 100, cohen_kappa: 0.8}],
  choice: {margin: 0.05, best: `openai/${SCRIPT_PROBE}`, cheapest: 'gemini/cheap', unknown_cost: [], distinguishable: false, versus_best: {n: 100, first_only: 3, second_only: 2, mcnemar_p: 1, kappa_difference: {value: -0.02, low: -0.1, high: 0.06}}},
}

describe('the judges page', () => {
  const html = renderJudgesHtml(REPORT)

  it('holds the candidates table, the agreement matrix, the repeats, errors, time and cost, and the closing line', () => {
    for (const id of ['table-candidates', 'candidate-kappa-matrix', 'table-repeats', 'table-cost-and-time', 'judges-choice']) expect(html).toContain(`id="${id}"`)
    expect(html).toContain('Choose gemini/cheap: the cheapest candidate whose kappa against people is within 0.05 of the best')
    expect(html).toContain('<td class="number">$0.5000</td>')
    expect(html).toContain('<td class="matrix" style="background: hsl(210 70% 61.4%)">0.80</td>')
  })

  it('escapes every text from outside: candidate names and file names never reach the markup', () => {
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;script&gt;window.__xss')
    expect(html).toContain("default-src 'none'")
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
  })
})
