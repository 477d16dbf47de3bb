import {alignedTable} from './aligned-table.js'
import {REPEAT_RULE_TEXT} from '../core/jury/repeats.js'
import type {CriterionScore, GradingReport} from '../core/rubric/rubric-score.js'

/** What `bench score` prints for rubric verdicts: per graded batch, each criterion with its interval. */
export function renderGradingReports(reports: readonly GradingReport[]): string {
  return reports.map(renderGradingReport).join('\n\n')
}

function renderGradingReport(report: GradingReport): string {
  const rows = report.criteria.map((score) => [score.criterion, scaleText(score), figure(score.score, score), `${figure(score.low, score)} to ${figure(score.high, score)}`, String(score.n)])
  const title = `${report.batch} (${report.provider}/${report.model}), rubric ${report.rubric}`
  const names = report.criteria.map((score) => score.criterion)
  const tasks = report.tasks.map((task) => [task.id, ...names.map((name) => {
    const score = task.criteria.find((entry) => entry.criterion === name)
    return score === undefined ? '-' : figure(score.score, score)
  })])
  return `${title}\n${alignedTable(['criterion', 'scale', 'score', '95% CI', 'n'], rows)}\n\nPer task (jury over judges; --json: intervals)\n${alignedTable(['task', ...names], tasks)}`
}

/** The notes beside the table, on stderr: the rule over repeats, each judge's errors and self-agreement. */
export function gradingNotes(report: GradingReport): string[] {
  const lines: string[] = []
  if (report.repeats > 1) lines.push(`${report.batch}: ${report.repeats} repeats per judge; a judge's verdict is ${REPEAT_RULE_TEXT}`)
  if (report.criteria.some((score) => score.rough)) lines.push(`${report.batch}: warning: fewer than 30 answers: the intervals are rough`)
  if (report.ungraded.length > 0) {
    lines.push(`${report.batch}: ${report.ungraded.length} answers not sent to the judges (${countCodes(report.ungraded)}): at the bottom of every scale`)
  }
  for (const judge of report.judges) {
    const problems = judge.failed + judge.unparsed
    if (problems > 0) lines.push(`${report.batch}: judge ${judge.judge}: ${judge.failed} failed and ${judge.unparsed} unparsed verdicts of ${judge.requests}: those answers are scored on the other judges`)
    if (report.repeats < 2) continue
    const agreement = judge.repeats
      .map(({criterion, consistency}) => `${criterion} ${percent(consistency.all_agree)} all agree, kappa ${kappa(consistency.fleiss_kappa)}`)
      .join('; ')
    lines.push(`${report.batch}: judge ${judge.judge} across ${report.repeats} repeats: ${agreement}`)
  }
  return lines
}

function scaleText(score: CriterionScore): string {
  return score.scale === 'pass_fail' ? 'pass %' : `${score.scale.min}-${score.scale.max}`
}

function figure(value: number, score: CriterionScore): string {
  return score.scale === 'pass_fail' ? value.toFixed(1) : value.toFixed(2)
}

function percent(share: number | null): string {
  return share === null ? 'n/a' : `${(100 * share).toFixed(0)}%`
}

function kappa(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(2)
}

function countCodes(entries: readonly {code: string}[]): string {
  const counts = new Map<string, number>()
  for (const {code} of entries) counts.set(code, (counts.get(code) ?? 0) + 1)
  return [...counts].map(([code, count]) => `${count} ${code}`).join(' · ')
}
