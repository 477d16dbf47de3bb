import type {CompareReport} from '../core/compare/compare.js'
import {formatCell} from './format-cell.js'
import {categoriesWideTable, reportTables, significanceMatrix, type ReportTable} from './report-tables.js'

/** `bench compare --format md`: GitHub-flavoured tables to paste in a pull request. */
export function renderMarkdownReport(report: CompareReport): string {
  const sections = reportTables(report).map(markdownTable)
  sections.splice(2, 0, markdownMatrix(report))
  if (report.categories.rows.length > 0) sections.splice(3, 0, markdownTable(categoriesWideTable(report)))
  return ['# Model comparison', ...sections].join('\n\n') + '\n'
}

export function markdownTable(table: ReportTable): string {
  const header = `| ${table.columns.map((column) => escapeMarkdown(column.name)).join(' | ')} |`
  const rule = `| ${table.columns.map((column) => (column.kind === 'text' ? '---' : '---:')).join(' | ')} |`
  const rows = table.rows.map((row) => `| ${row.map((cell, index) => escapeMarkdown(formatCell(cell, table.columns[index]!.kind))).join(' | ')} |`)
  const notes = (table.notes ?? []).map((note) => `_${escapeMarkdown(note)}_`)
  return [`## ${table.title}`, '', header, rule, ...rows, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n')
}

function markdownMatrix(report: CompareReport): string {
  const {labels, cells} = significanceMatrix(report)
  const header = `| | ${labels.map((_, index) => String(index + 1)).join(' | ')} |`
  const rule = `|---|${labels.map(() => ':-:').join('|')}|`
  const rows = cells.map((row, index) => `| ${index + 1}. ${escapeMarkdown(labels[index]!)} | ${row.join(' | ')} |`)
  return ['## Significant differences', '', '_Row vs column: > better, < worse, · no significant difference (paired bootstrap 95%)._', '', header, rule, ...rows].join('\n')
}

/** Model names come from files: a `|` or `<` in one must not break the table or inject HTML. */
function escapeMarkdown(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll('\n', ' ')
}
