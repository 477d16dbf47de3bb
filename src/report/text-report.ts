import type {CompareReport} from '../core/compare/compare.js'
import {formatCell} from './format-cell.js'
import {categoriesWideTable, reportTables, significanceMatrix, type ReportTable} from './report-tables.js'

/** The terminal output of `bench compare`: aligned plain-text tables. */
export function renderTextReport(report: CompareReport): string {
  const tables = reportTables(report)
  const blocks = tables.map(renderTextTable)
  // The matrix and categories read best right after the pairs they summarise.
  blocks.splice(2, 0, renderMatrix(report))
  if (report.categories.rows.length > 0) blocks.splice(3, 0, renderTextTable(categoriesWideTable(report)))
  else blocks.splice(3, 0, 'Per category: no dataset gives categories for these riddles (pass --dataset FILE).')
  return blocks.join('\n\n') + '\n'
}

export function renderTextTable(table: ReportTable): string {
  const header = table.columns.map((column) => column.name)
  const body = table.rows.map((row) => row.map((cell, index) => formatCell(cell, table.columns[index]!.kind)))
  const widths = header.map((name, index) => Math.max(name.length, ...body.map((row) => row[index]!.length)))
  const line = (cells: string[]): string =>
    cells
      .map((cell, index) => (table.columns[index]!.kind === 'text' ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!)))
      .join('  ')
      .trimEnd()
  return [table.title, line(header), ...body.map(line), ...(table.notes ?? [])].join('\n')
}

/** Models are numbered by rank so that the columns stay narrow. */
function renderMatrix(report: CompareReport): string {
  const {labels, cells} = significanceMatrix(report)
  const numbers = labels.map((_, index) => String(index + 1))
  const width = Math.max(...labels.map((label, index) => `${index + 1}. ${label}`.length))
  const column = Math.max(2, ...numbers.map((number) => number.length))
  const header = ' '.repeat(width) + '  ' + numbers.map((number) => number.padStart(column)).join(' ')
  const rows = cells.map((row, index) => `${index + 1}. ${labels[index]}`.padEnd(width) + '  ' + row.map((cell) => (cell === '' ? '' : cell).padStart(column)).join(' '))
  return ['Significant differences (row vs column: > better, < worse, · no significant difference)', header, ...rows].join('\n')
}
