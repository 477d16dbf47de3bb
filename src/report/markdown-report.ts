import type {CompareReport} from '../core/compare/compare.js'
import {formatCell} from './format-cell.js'
import {boards, categoriesWideTable, reportTables, significanceMatrix, type ReportTable} from './report-tables.js'
import {inputNotes, splitTables} from './text-report.js'

/** `bench compare --format md`: GitHub-flavoured tables to paste in a pull request. */
export function renderMarkdownReport(report: CompareReport): string {
  const {leaderboards, pairs, rest} = splitTables(reportTables(report))
  const sections = [
    ...inputNotes(report).map((notes) => notes.split('\n').map((line) => `_${escapeMarkdown(line)}_`).join('\n\n')),
    ...leaderboards.map(markdownTable),
    ...pairs.map(markdownTable),
    ...boards(report).map((board) => markdownMatrix(report, board)),
    ...(report.categories.rows.length > 0 ? [markdownTable(categoriesWideTable(report))] : []),
    ...rest.map(markdownTable),
  ]
  return ['# Model comparison', ...sections].join('\n\n') + '\n'
}

export function markdownTable(table: ReportTable): string {
  const header = `| ${table.columns.map((column) => escapeMarkdown(column.name)).join(' | ')} |`
  const rule = `| ${table.columns.map((column) => (column.kind === 'text' ? '---' : '---:')).join(' | ')} |`
  const rows = table.rows.map((row) => `| ${row.map((cell, index) => escapeMarkdown(formatCell(cell, table.columns[index]!.kind))).join(' | ')} |`)
  const notes = (table.notes ?? []).map((note) => `_${escapeMarkdown(note)}_`)
  return [`## ${table.title}`, '', header, rule, ...rows, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n')
}

function markdownMatrix(report: CompareReport, board: string): string {
  const {labels, cells} = significanceMatrix(report, board)
  const header = `| | ${labels.map((_, index) => String(index + 1)).join(' | ')} |`
  const rule = `|---|${labels.map(() => ':-:').join('|')}|`
  const rows = cells.map((row, index) => `| ${index + 1}. ${escapeMarkdown(labels[index]!)} | ${row.join(' | ')} |`)
  const title = boards(report).length > 1 ? `## Significant differences, ${escapeMarkdown(board)}` : '## Significant differences'
  return [title, '', '_Row vs column: > better, < worse, · no significant difference (paired bootstrap 95%), ? not compared (no riddles in common)._', '', header, rule, ...rows].join('\n')
}

/** Model names come from files: a `|` or `<` in one must not break the table or inject HTML. */
function escapeMarkdown(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll('\n', ' ')
}
