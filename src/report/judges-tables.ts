import {closingLine} from './judges-closing-line.js'
import type {Cell, ReportTable} from './report-tables.js'
import type {Estimate} from '../core/judges/agreement-metrics.js'
import type {CandidatesReport} from '../core/judges/candidate-report.js'
import {REPEAT_RULE_TEXT} from '../core/jury/repeats.js'

/** The run in one line: what the candidates judged, and how often. */
export function judgesRunLine(report: CandidatesReport): string {
  const {answers, file, positives} = report.labels
  return `Candidate judges on ${answers} labelled answers of ${file} (${positives} labelled correct), ${report.repeats} ${report.repeats === 1 ? 'repeat' : 'repeats'} each`
}

/**
 * A `bench judges` run as tables, for every format of `bench compare --judges` and for `bench judges
 * --html`: against people (the closing line its first note), each against the others, across
 * repeats, errors, time and cost. Cells raw, as in report-tables.ts.
 */
export function judgesTables(report: CandidatesReport): ReportTable[] {
  const estimate = (name: string): ReportTable['columns'] => [
    {name, kind: 'kappa'},
    {name: `${name} 95% CI`, kind: 'text'},
  ]
  const cells = (value: Estimate): Cell[] => [value.value, value.low === null ? null : `${value.low.toFixed(3)} to ${value.high!.toFixed(3)}`]
  return [
    {
      id: 'candidates',
      title: 'Candidates against people',
      columns: [{name: 'candidate', kind: 'text'}, {name: 'n', kind: 'count'}, ...estimate('accuracy'), ...estimate('precision'), ...estimate('recall'), ...estimate('F1'), ...estimate('kappa'), {name: 'no verdict', kind: 'count'}],
      rows: report.candidates.map((row) => [
        row.candidate,
        row.metrics.n,
        ...cells(row.metrics.accuracy),
        ...cells(row.metrics.precision),
        ...cells(row.metrics.recall),
        ...cells(row.metrics.f1),
        ...cells(row.metrics.cohen_kappa),
        row.no_verdict,
      ]),
      notes: [closingLine(report), `"Correct" is the positive class. Intervals: Wilson for accuracy, precision and recall; percentile bootstrap over the answers for F1 and kappa (seed ${report.seed}).`],
    },
    {
      id: 'candidate-agreement',
      title: "Candidates against each other: Cohen's kappa",
      columns: [
        {name: 'candidate', kind: 'text'},
        {name: 'other candidate', kind: 'text'},
        {name: 'n', kind: 'count'},
        {name: "Cohen's kappa", kind: 'kappa'},
      ],
      rows: report.agreement.map((pair) => [pair.first, pair.second, pair.n, pair.cohen_kappa]),
      notes: ['On the answers both candidates gave a verdict on.'],
    },
    {
      id: 'repeats',
      title: `Each candidate against itself, over ${report.repeats} repeats`,
      columns: [
        {name: 'candidate', kind: 'text'},
        {name: 'answers with every repeat', kind: 'count'},
        {name: 'all repeats agree %', kind: 'rate'},
        {name: "Fleiss' kappa", kind: 'kappa'},
        ...Array.from({length: report.repeats}, (_, index) => ({name: `repeat ${index + 1}: % correct`, kind: 'rate' as const})),
      ],
      rows: report.candidates.map((row) => [
        row.candidate,
        row.consistency.complete_items,
        row.consistency.all_agree === null ? null : 100 * row.consistency.all_agree,
        row.consistency.fleiss_kappa,
        ...row.consistency.per_repeat_mean.map((mean) => (mean === null ? null : 100 * mean)),
      ]),
      notes: [`A candidate's verdict on an answer is ${REPEAT_RULE_TEXT}.`],
    },
    {
      id: 'cost-and-time',
      title: 'Errors, time and cost',
      columns: [
        {name: 'candidate', kind: 'text'},
        {name: 'requests', kind: 'count'},
        {name: 'failed', kind: 'count'},
        {name: 'refused or blocked', kind: 'count'},
        {name: 'not a verdict', kind: 'count'},
        {name: 'error rate %', kind: 'rate'},
        {name: 's per 1k requests', kind: 'seconds'},
        {name: 'latency median ms', kind: 'count'},
        {name: 'latency p95 ms', kind: 'count'},
        {name: 'cost per 1k verdicts', kind: 'usd'},
      ],
      rows: report.candidates.map((row) => [
        row.candidate,
        row.errors.requests,
        row.errors.failed,
        row.errors.refused,
        row.errors.unparsed,
        100 * row.errors.rate,
        row.turnaround_seconds_per_1000,
        row.latency_ms === null ? null : Math.round(row.latency_ms.median),
        row.latency_ms === null ? null : Math.round(row.latency_ms.p95),
        row.cost_per_1000_verdicts,
      ]),
      notes: ['Turnaround: batch creation to end, per 1,000 requests (vendor batches); latency per request (endpoints). Cost at batch prices; "unknown" without a price.'],
    },
  ]
}
