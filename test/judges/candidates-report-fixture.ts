import {agreementMetrics} from '../../src/core/judges/agreement-metrics.js'
import type {CandidateRow, CandidatesReport} from '../../src/core/judges/candidate-report.js'
import {repeatConsistency} from '../../src/core/jury/repeat-consistency.js'

/** Text that would run, or fetch, were it not escaped: in a candidate's name and the labels file's. */
export const JUDGES_SCRIPT_PROBE = '<script>window.__xss = "judges"</script>'
export const JUDGES_IMAGE_PROBE = '<img src=x onerror="window.__xss = 1">'

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

/** A `bench judges` report of two candidates, the first named with a script, as compare's --judges reads it. */
export const CANDIDATES_REPORT: CandidatesReport = {
  name: 'judges_x',
  labels: {file: `labels-${JUDGES_IMAGE_PROBE}.jsonl`, kind: 'jsonl', answers: 100, unlabelled: 0, positives: 50},
  criterion: 'correct',
  repeats: 3,
  repeat_rule: 'majority',
  seed: 0,
  candidates: [row(`openai/${JUDGES_SCRIPT_PROBE}`, {tp: 45, fp: 5, fn: 5, tn: 45}, 2), row('gemini/cheap', {tp: 44, fp: 6, fn: 5, tn: 45}, 0.5)],
  agreement: [{first: `openai/${JUDGES_SCRIPT_PROBE}`, second: 'gemini/cheap', n: 100, cohen_kappa: 0.8}],
  choice: {margin: 0.05, best: `openai/${JUDGES_SCRIPT_PROBE}`, cheapest: 'gemini/cheap', unknown_cost: [], distinguishable: false, versus_best: {n: 100, first_only: 3, second_only: 2, mcnemar_p: 1, kappa_difference: {value: -0.02, low: -0.1, high: 0.06}}},
}
