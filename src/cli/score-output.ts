import {alignedTable} from './aligned-table.js'
import {describeWithheld, totalWithheld} from '../core/jury/withheld.js'
import type {ScoreReport} from '../core/score/score.js'

/**
 * What `bench score` prints: one line in the published leaderboard's shape on stdout, and notes
 * on stderr. Here so that `bench demo` and `bench run` print the score exactly as `bench score` does.
 */
export function renderScoreLine(report: ScoreReport): string {
  return `{"score": ${report.score.toFixed(1)}, "95% CI (±)": ${report['95% CI (±)'].toFixed(1)}}`
}

/** Several evaluated batches: one line each, as a small table. */
export function renderScoreTable(reports: readonly ScoreReport[]): string {
  const rows = reports.map((report) => [report.batch ?? '(unnamed)', report.score.toFixed(1), report['95% CI (±)'].toFixed(1), String(report.n)])
  return alignedTable(['evaluated batch', 'score', '95% CI (±)', 'n'], rows)
}

/**
 * What stdout's line does not say: the method and interval, and anything unusual about the
 * inputs. With several batches, each note names its batch.
 */
export function scoreNotes(report: ScoreReport, several = false): string[] {
  const prefix = several ? `${report.batch ?? '(unnamed)'}: ` : ''
  const lines = [...report.warnings, `${prefix}${report.field}, ${methodNote(report)}`]
  if (report.rough) lines.push(`${prefix}warning: only ${report.n} riddles: the interval is rough (its coverage was checked from 30 riddles up)`)
  const below = report.score - report.interval.low
  const above = report.interval.high - report.score
  // Near 0% and 100% the interval is one-sided: `±` can only give its larger side.
  if (Math.abs(below - above) >= 0.2 && Math.min(below, above) < 0.75 * Math.max(below, above)) {
    lines.push(`${prefix}the interval is not symmetric: ${report.interval.low.toFixed(1)} to ${report.interval.high.toFixed(1)}; ± gives its larger side (--json: interval)`)
  }
  lines.push(...repeatNotes(report, prefix))
  const withheld = describeWithheld(report.withheld)
  if (withheld !== undefined) lines.push(`${prefix}${totalWithheld(report.withheld)} predictions not judged and counted incorrect: ${withheld}`)
  const {riddles, unscored} = report.missing_verdicts
  if (riddles > 0) lines.push(`${prefix}warning: ${riddles} riddles lack a verdict from some judge and are scored on the judges they have; ${unscored} have none and are left out (--json lists them)`)
  for (const {jury_value, riddles: count, mapped_to} of report.calibration?.remapped ?? []) {
    lines.push(`${prefix}warning: jury value ${round(jury_value)} (${count} riddles) has no stratum in the calibration pool; used the rows of ${mapped_to.map(round).join(' and ')} instead`)
  }
  return lines
}

/** With repeats: the rule, then per judge its agreement with itself and the score of each repeat alone. */
function repeatNotes(report: ScoreReport, prefix: string): string[] {
  if (report.repeats === undefined) return []
  const counts = [...new Set(report.repeats.judges.map((judge) => judge.consistency.repeats))]
  const lines = [`${prefix}${counts.join(' or ')} repeats per judge; a judge's verdict is ${report.repeats.rule_text}`]
  for (const {judge, consistency} of report.repeats.judges) {
    const agree = consistency.all_agree === null ? 'n/a' : `${(100 * consistency.all_agree).toFixed(0)}%`
    const kappa = consistency.fleiss_kappa === null ? 'n/a' : consistency.fleiss_kappa.toFixed(2)
    const scores = consistency.per_repeat_mean.map((score) => (score === null ? '-' : score.toFixed(1))).join(' · ')
    lines.push(`${prefix}judge ${judge}: all ${consistency.repeats} repeats agree on ${agree} of ${consistency.complete_items} riddles, Fleiss' kappa ${kappa}; each repeat alone: ${scores}`)
  }
  const alone = report.repeats.per_repeat_score.map((score) => (score === null ? '-' : `${score.score.toFixed(1)} ± ${score['95% CI (±)'].toFixed(1)}`))
  lines.push(`${prefix}the score with each repeat alone (every judge's repeat k): ${alone.join(' · ')}`)
  return lines
}

function methodNote(report: ScoreReport): string {
  if (report.calibration === undefined) {
    return `jury mean of ${report.n} riddles, 95% Wilson interval over riddles (no --calibration)`
  }
  const {pool_rows, file, left_out_provider} = report.calibration
  const against = `calibrated: ${report.n} riddles against ${pool_rows} labelled rows of ${file} (provider ${left_out_provider} left out)`
  const full = report.intervals.full['95% CI (±)'].toFixed(1)
  const published = report.intervals.published!['95% CI (±)'].toFixed(1)
  return report.ci === 'published'
    ? `${against}, published interval (labels resampled, ${report.resamples} resamples, seed ${report.seed}); with riddles resampled too (--ci full): ± ${full}`
    : `${against}, full interval (riddles and labels resampled); the published one (labels only): ± ${published}`
}

function round(value: number): string {
  return String(Math.round(value * 1000) / 1000)
}
