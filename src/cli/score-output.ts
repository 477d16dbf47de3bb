import type {ScoreReport} from '../core/score/score.js'

/**
 * What `bench score` prints: one line in the published leaderboard's shape on stdout, and notes
 * on stderr. Here so that `bench demo` prints the score exactly as `bench score` does.
 */
export function renderScoreLine(report: ScoreReport): string {
  return `{"score": ${report.score.toFixed(1)}, "95% CI (±)": ${report['95% CI (±)'].toFixed(1)}}`
}

/** What stdout's one line does not say: the method, and anything unusual about the inputs. */
export function scoreNotes(report: ScoreReport): string[] {
  const method =
    report.calibration === undefined
      ? `bootstrap: jury mean of ${report.n} riddles, ${report.resamples} resamples, seed ${report.seed} (no --calibration)`
      : `calibrated: ${report.n} riddles against ${report.calibration.pool_rows} labelled rows of ${report.calibration.file} (provider ${report.calibration.left_out_provider} left out), ${report.resamples} resamples, seed ${report.seed}`
  const lines = [`${report.field}, ${method}`]
  const {riddles, unscored} = report.missing_verdicts
  if (riddles > 0) lines.push(`warning: ${riddles} riddles lack a verdict from some judge and are scored on the judges they have; ${unscored} have none and are left out (--json lists them)`)
  for (const {jury_value, riddles: count, mapped_to} of report.calibration?.remapped ?? []) {
    lines.push(`warning: jury value ${round(jury_value)} (${count} riddles) has no stratum in the calibration pool; used the rows of ${mapped_to.map(round).join(' and ')} instead`)
  }
  return lines
}

function round(value: number): string {
  return String(Math.round(value * 1000) / 1000)
}
