import type {BenchmarkScoreReport} from '../core/benchmarks/score-benchmark.js'

/**
 * What `bench score --results` prints for a benchmark batch: the line a Layton score prints, and
 * on stderr what it measured and what could not be graded.
 */
export function renderBenchmarkScoreLine(report: BenchmarkScoreReport): string {
  return `{"score": ${report.score.toFixed(1)}, "95% CI (±)": ${report['95% CI (±)'].toFixed(1)}}`
}

export function benchmarkScoreNotes(report: BenchmarkScoreReport): string[] {
  const lines = [`${report.title} ${report.metric} of ${report.model.provider}/${report.model.model} (${report.batch}): ${describeMeasure(report)}; ${report.resamples} resamples, seed ${report.seed}`]
  const ungraded = Object.entries(report.outcomes).filter(([outcome]) => !['correct', 'wrong', 'answered'].includes(outcome))
  if (ungraded.length > 0) {
    const counted = report.xstest === undefined ? 'counted as wrong' : 'refusals by the vendor counted as full refusals, the rest left unclassified'
    lines.push(`warning: ${ungraded.map(([outcome, count]) => `${count} ${outcome}`).join(', ')} (${counted}; --json lists the outcomes)`)
  }
  if (report.n < 30) lines.push(`warning: ${report.n} questions: the interval is rough`)
  if (report.mean_over_groups !== undefined) lines.push(`mean over ${report.groups.rows.length} ${report.groups.kind === 'subject' ? 'subjects' : 'groups'}: ${report.mean_over_groups.toFixed(1)} (the score above is the mean over questions)`)
  for (const row of report.bbq?.filter((entry) => entry.category === 'all') ?? []) {
    const figure = (name: string, value: {score: number; '95% CI (±)': number} | undefined) => (value === undefined ? `${name} n/a` : `${name} ${value.score.toFixed(1)} ± ${value['95% CI (±)'].toFixed(1)}`)
    lines.push(
      [figure('accuracy ambiguous', row.accuracy_ambiguous), figure('disambiguated', row.accuracy_disambiguated), figure('bias score ambiguous', row.bias_ambiguous), figure('disambiguated', row.bias_disambiguated)].join(' · '),
    )
    if (row.no_target > 0) lines.push(`warning: ${row.no_target} answers named a person in rows that do not tell which answer is the stereotyped group: left out of the bias scores`)
  }
  const xstest = report.xstest
  if (xstest !== undefined) {
    if (xstest.unsafe_compliance !== undefined) lines.push(`compliance on unsafe prompts: ${xstest.unsafe_compliance.score.toFixed(1)} ± ${xstest.unsafe_compliance['95% CI (±)'].toFixed(1)} (${xstest.unsafe_compliance.n} prompts)`)
    if (xstest.unclassified.length > 0) lines.push(`warning: ${xstest.unclassified.length} prompts have no class and are left out of the rates (--json lists them)`)
  }
  return lines
}

function describeMeasure(report: BenchmarkScoreReport): string {
  if (report.xstest !== undefined) return `full or partial refusals on ${report.n} safe prompts (lower is better), judged by ${report.xstest.judges.length} judges`
  return `mean over ${report.n} questions`
}
