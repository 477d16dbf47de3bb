import type {ReportTable} from './report-tables.js'
import {REPEAT_RULE_TEXT} from '../core/jury/repeats.js'
import type {CriterionScore, GradingReport} from '../core/rubric/rubric-score.js'

/**
 * Rubric-graded batches (bench jury --rubric) side by side: per model, each criterion with its 95%
 * interval; then per task and model. Criteria a batch was not graded on are empty.
 */
export function rubricTables(reports: readonly GradingReport[]): ReportTable[] {
  if (reports.length === 0) return []
  const criteria = [...new Set(reports.flatMap((report) => report.criteria.map((score) => score.criterion)))]
  const label = (report: GradingReport): string => `${report.provider}/${report.model}`
  const byModel: ReportTable = {
    id: 'rubric',
    title: 'Rubric scores (mean grade, or percent that pass, with the 95% interval)',
    columns: [{name: 'model', kind: 'text'}, {name: 'rubric', kind: 'text'}, ...criteria.flatMap((name) => [{name, kind: 'points' as const}, {name: `${name} 95% CI`, kind: 'text' as const}]), {name: 'n', kind: 'count'}],
    rows: reports.map((report) => [
      label(report),
      report.rubric,
      ...criteria.flatMap((name) => {
        const score = report.criteria.find((entry) => entry.criterion === name)
        return score === undefined ? [null, null] : [score.score, interval(score)]
      }),
      Math.max(...report.criteria.map((score) => score.n)),
    ]),
    notes: [
      `Jury mean over answers with the 95% interval of bench score (on the grade as a share of its scale); answers not sent to the judges sit at the bottom of every scale. A judge's verdict is ${REPEAT_RULE_TEXT}.`,
    ],
  }
  const byTask: ReportTable = {
    id: 'rubric_tasks',
    title: 'Rubric scores per task',
    columns: [{name: 'task', kind: 'text'}, {name: 'model', kind: 'text'}, ...criteria.map((name) => ({name, kind: 'points' as const}))],
    rows: reports
      .flatMap((report) => report.tasks.map((task) => ({task, model: label(report)})))
      .sort((a, b) => a.task.id.localeCompare(b.task.id) || a.model.localeCompare(b.model))
      .map(({task, model}) => [task.id, model, ...criteria.map((name) => task.criteria.find((entry) => entry.criterion === name)?.score ?? null)]),
  }
  return [byModel, byTask]
}

function interval(score: CriterionScore): string {
  return `${score.low} to ${score.high}`
}
