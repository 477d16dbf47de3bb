import {htmlPage, htmlTable, kappaGrid, section} from './html-report.js'
import {escapeHtml} from './escape.js'
import type {Estimate} from '../../core/judges/agreement-metrics.js'
import type {CandidatesReport} from '../../core/judges/candidate-report.js'
import {REPEAT_RULE_TEXT} from '../../core/jury/repeats.js'
import {closingLine} from '../judges-closing-line.js'
import type {Cell, ReportTable} from '../report-tables.js'

/** The candidate judges as tables: against people, across repeats, errors, time and cost. Cells raw, as in report-tables.ts. */
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
      notes: [`"Correct" is the positive class. Intervals: Wilson for accuracy, precision and recall; percentile bootstrap over the answers for F1 and kappa (seed ${report.seed}).`],
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

/** The judges section: the closing line, the tables, and the candidates' agreement with each other. */
export function judgesSection(report: CandidatesReport): string {
  const names = report.candidates.map((row) => row.candidate)
  const kappaOf = (a: string, b: string): number | null | undefined =>
    report.agreement.find((pair) => (pair.first === a && pair.second === b) || (pair.first === b && pair.second === a))?.cohen_kappa
  const [candidates, repeats, costAndTime] = judgesTables(report).map(htmlTable)
  const verdict = `<p class="summary" id="judges-choice">${escapeHtml(closingLine(report))}</p>`
  return section('judges', 'Candidate judges', verdict + candidates! + kappaGrid("Cohen's kappa between candidates", 'candidate-kappa-matrix', names, kappaOf) + repeats! + costAndTime!)
}

/** `bench judges --html FILE`: the judges section as a page of its own, the compare report's shell and policy. */
export function renderJudgesHtml(report: CandidatesReport): string {
  return htmlPage({
    policy: "default-src 'none'; style-src 'unsafe-inline'",
    title: `bench judges: ${report.candidates.length} candidates`,
    heading: 'Candidate judges',
    summary: `${report.candidates.length} candidates on ${report.labels.answers} labelled answers of ${report.labels.file} (${report.labels.positives} labelled correct), ${report.repeats} repeats each.`,
    nav: ['judges'],
    main: judgesSection(report),
  })
}
