import {escapeHtml} from './escape.js'
import {htmlTable, kappaGrid, section} from './html-report.js'
import type {CandidatesReport} from '../../core/judges/candidate-report.js'
import {closingLine} from '../judges-closing-line.js'
import {judgesRunLine, judgesTables} from '../judges-tables.js'

/**
 * The candidate judges' section of the HTML report: the run, the closing choice in large, then
 * their tables, the pairs' agreement drawn as a kappa grid.
 */
export function candidateJudgesSection(report: CandidatesReport): string {
  const names = report.candidates.map((row) => row.candidate)
  const kappaOf = (a: string, b: string): number | null | undefined =>
    report.agreement.find((pair) => (pair.first === a && pair.second === b) || (pair.first === b && pair.second === a))?.cohen_kappa
  const tables = judgesTables(report).map((table) => {
    if (table.id === 'candidate-agreement') return kappaGrid("Cohen's kappa between candidates", 'candidate-kappa-matrix', names, kappaOf)
    // The closing line, the candidates table's first note elsewhere, heads the section here.
    if (table.id === 'candidates') return htmlTable({...table, notes: table.notes?.filter((note) => note !== closingLine(report))})
    return htmlTable(table)
  })
  const head = `<p class="note">${escapeHtml(judgesRunLine(report))}.</p><p class="summary" id="judges-choice">${escapeHtml(closingLine(report))}</p>`
  return section('candidate-judges', 'Candidate judges', head + tables.join(''))
}
