import {htmlTable, kappaGrid, section} from './html-report.js'
import {escapeHtml} from './escape.js'
import type {CandidatesReport} from '../../core/judges/candidate-report.js'
import {judgesRunLine, judgesTables} from '../judges-tables.js'

/** The candidate judges' section of the HTML report: their tables, the pairs' agreement drawn as a kappa grid. */
export function candidateJudgesSection(report: CandidatesReport): string {
  const names = report.candidates.map((row) => row.candidate)
  const kappaOf = (a: string, b: string): number | null | undefined =>
    report.agreement.find((pair) => (pair.first === a && pair.second === b) || (pair.first === b && pair.second === a))?.cohen_kappa
  const grid = kappaGrid("Cohen's kappa between candidates", 'candidate-kappa-matrix', names, kappaOf)
  const tables = judgesTables(report).map((table) => (table.id === 'candidate-agreement' ? grid : htmlTable(table)))
  return section('candidate-judges', 'Candidate judges', `<p class="note">${escapeHtml(judgesRunLine(report))}.</p>${tables.join('')}`)
}
