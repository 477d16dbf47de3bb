import type {CompareReport} from '../core/compare/compare.js'
import {categoriesLongTable, reportTables, type Cell, type ReportTable} from './report-tables.js'

/**
 * `bench compare --format csv`: one block per table, separated by a blank line; each block's
 * first column, `section`, names the table, so a spreadsheet filter on it picks one out. Numbers
 * are written unrounded, as in the JSON.
 */
export function renderCsvReport(report: CompareReport): string {
  const tables = reportTables(report)
  // Categories after the leaderboards and the pairs, as in the other formats.
  const after = tables.findIndex((table) => !table.id.startsWith('leaderboard') && table.id !== 'pairs')
  if (report.categories.rows.length > 0) tables.splice(after === -1 ? tables.length : after, 0, categoriesLongTable(report))
  return tables.map(csvBlock).join('\n\n') + '\n'
}

export function csvBlock(table: ReportTable): string {
  const header = ['section', ...table.columns.map((column) => column.name)].map(csvField).join(',')
  const rows = table.rows.map((row) => [table.id, ...row].map(csvCell).join(','))
  return [header, ...rows].join('\n')
}

function csvCell(cell: Cell): string {
  if (cell === null) return ''
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : ''
  return csvField(String(cell))
}

/**
 * RFC 4180 quoting, and a leading quote for text a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`): model names come from files.
 */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}
