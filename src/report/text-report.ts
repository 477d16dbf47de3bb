import type {CompareReport} from '../core/compare/compare.js'
import {skippedNotes} from '../core/score/judge-groups.js'
import {formatCell} from './format-cell.js'
import {boards, categoriesWideTable, reportTables, significanceMatrix, type ReportTable} from './report-tables.js'

/** The terminal output of `bench compare`: aligned plain-text tables. */
export function renderTextReport(report: CompareReport): string {
  const {leaderboards, pairs, rest} = splitTables(reportTables(report))
  const blocks = [
    ...inputNotes(report),
    ...leaderboards.map(renderTextTable),
    ...pairs.map(renderTextTable),
    // The matrix and categories read best right after the pairs they summarise.
    ...boards(report).map((board) => renderMatrix(report, board)),
    report.categories.rows.length > 0
      ? renderTextTable(categoriesWideTable(report))
      : 'Per category: no dataset gives categories for these riddles (pass --dataset FILE).',
    ...rest.map(renderTextTable),
  ]
  return blocks.join('\n\n') + '\n'
}

/** The leaderboards, the pairs, and the other tables, in the order of reportTables. */
export function splitTables(tables: ReportTable[]): {leaderboards: ReportTable[]; pairs: ReportTable[]; rest: ReportTable[]} {
  const isLeaderboard = (table: ReportTable): boolean => table.id.startsWith('leaderboard')
  return {
    leaderboards: tables.filter(isLeaderboard),
    pairs: tables.filter((table) => table.id === 'pairs'),
    rest: tables.filter((table) => !isLeaderboard(table) && table.id !== 'pairs'),
  }
}

/** Files skipped, and judge files read on their riddle ids alone: said before the tables. */
export function inputNotes(report: CompareReport): string[] {
  const lines = [...skippedNotes(report.skipped), ...report.warnings]
  return lines.length === 0 ? [] : [lines.join('\n')]
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
function renderMatrix(report: CompareReport, board: string): string {
  const {labels, cells} = significanceMatrix(report, board)
  const numbers = labels.map((_, index) => String(index + 1))
  const width = Math.max(...labels.map((label, index) => `${index + 1}. ${label}`.length))
  const column = Math.max(2, ...numbers.map((number) => number.length))
  const header = ' '.repeat(width) + '  ' + numbers.map((number) => number.padStart(column)).join(' ')
  const rows = cells.map((row, index) => `${index + 1}. ${labels[index]}`.padEnd(width) + '  ' + row.map((cell) => (cell === '' ? '' : cell).padStart(column)).join(' '))
  const title = boards(report).length > 1 ? `Significant differences, ${board}` : 'Significant differences'
  return [`${title} (row vs column: > better, < worse, · no significant difference, ? not compared: no riddles in common)`, header, ...rows].join('\n')
}
