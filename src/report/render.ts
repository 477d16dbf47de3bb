import type {Comparison} from '../core/compare/compare.js'

export const REPORT_FORMATS = ['table', 'json', 'csv', 'md', 'html'] as const

export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** The comparison in one output format; each renderer is loaded only when asked for. */
export async function renderComparison(comparison: Comparison, format: ReportFormat): Promise<string> {
  switch (format) {
    case 'table':
      return (await import('./text-report.js')).renderTextReport(comparison.report)
    case 'json':
      return JSON.stringify(comparison.report, null, 2) + '\n'
    case 'csv':
      return (await import('./csv-report.js')).renderCsvReport(comparison.report)
    case 'md':
      return (await import('./markdown-report.js')).renderMarkdownReport(comparison.report)
    case 'html':
      return (await import('./html/html-report.js')).renderHtmlReport(comparison)
  }
}
