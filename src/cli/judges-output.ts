import {alignedTable} from './aligned-table.js'
import {closingLine} from '../report/judges-closing-line.js'
import {judgesRunLine} from '../report/judges-tables.js'
import {REPEAT_RULE_TEXT} from '../core/jury/repeats.js'
import type {Estimate} from '../core/judges/agreement-metrics.js'
import type {CandidatesReport} from '../core/judges/candidate-report.js'
import {formatCost} from '../core/pricing/cost.js'

/** `bench judges`: one row per candidate, then the closing line. */
export function renderCandidatesReport(report: CandidatesReport): string {
  const header = ['candidate', 'n', 'accuracy', 'precision', 'recall', 'F1', 'kappa', 'all agree', 'Fleiss', 'errors', 's/1k req', 'latency ms', '$/1k verdicts']
  const rows = report.candidates.map((row) => [
    row.candidate,
    String(row.metrics.n),
    estimate(row.metrics.accuracy),
    estimate(row.metrics.precision),
    estimate(row.metrics.recall),
    estimate(row.metrics.f1),
    estimate(row.metrics.cohen_kappa),
    row.consistency.all_agree === null ? '-' : `${(100 * row.consistency.all_agree).toFixed(0)}%`,
    row.consistency.fleiss_kappa === null ? '-' : row.consistency.fleiss_kappa.toFixed(2),
    `${(100 * row.errors.rate).toFixed(1)}%`,
    row.turnaround_seconds_per_1000 === null ? '-' : row.turnaround_seconds_per_1000.toFixed(row.turnaround_seconds_per_1000 < 10 ? 1 : 0),
    row.latency_ms === null ? '-' : `${row.latency_ms.median.toFixed(0)} / ${row.latency_ms.p95.toFixed(0)}`,
    row.cost_per_1000_verdicts === 'unknown' ? 'unknown' : formatCost(row.cost_per_1000_verdicts),
  ])
  return [judgesRunLine(report), alignedTable(header, rows), closingLine(report)].join('\n\n')
}

/** What the table does not say: the rule, the interval methods, the errors by kind. */
export function candidatesNotes(report: CandidatesReport): string[] {
  const lines = [
    'against people, "correct" the positive class; 95% intervals: Wilson for accuracy, precision and recall, percentile bootstrap over the answers for F1 and kappa (seeded)',
    `a candidate's verdict on an answer is ${REPEAT_RULE_TEXT}; all agree and Fleiss are across its repeats; latency is median / 95th percentile (endpoints)`,
  ]
  for (const row of report.candidates) {
    const {failed, refused, unparsed, requests} = row.errors
    if (failed + refused + unparsed > 0) lines.push(`${row.candidate}: of ${requests} requests ${failed} failed, ${refused} refused or blocked, ${unparsed} not a verdict`)
    if (row.no_verdict > 0) lines.push(`${row.candidate}: ${row.no_verdict} labelled answers have no verdict from any repeat and are left out of its figures`)
  }
  return lines
}

function estimate(value: Estimate): string {
  if (value.value === null) return '-'
  if (value.low === null) return value.value.toFixed(2)
  return `${value.value.toFixed(2)} [${value.low.toFixed(2)}, ${value.high!.toFixed(2)}]`
}

