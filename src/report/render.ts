import type {BenchmarkComparison} from '../core/benchmarks/compare-benchmarks.js'
import type {Comparison} from '../core/compare/compare.js'
import type {GradingReport} from '../core/rubric/rubric-score.js'
import {rubricTables} from './rubric-tables.js'

export const REPORT_FORMATS = ['table', 'json', 'csv', 'md', 'html'] as const

export type ReportFormat = (typeof REPORT_FORMATS)[number]

/**
 * The comparison in one output format; each renderer is loaded only when asked for. Either part
 * may be absent: the Layton models (judge files) and the standard benchmarks' batches.
 */
export async function renderComparison(comparison: Comparison | undefined, format: ReportFormat, benchmarks?: BenchmarkComparison, rubric: readonly GradingReport[] = []): Promise<string> {
  const rubricPart = rubricTables(rubric)
  const tables = [...rubricPart, ...(benchmarks === undefined ? [] : (await import('./benchmark-tables.js')).benchmarkTables(benchmarks))]
  switch (format) {
    case 'table': {
      const {renderTextReport, renderTextTable} = await import('./text-report.js')
      return [...(comparison === undefined ? [] : [renderTextReport(comparison.report)]), ...tables.map((table) => renderTextTable(table) + '\n')].join('\n')
    }
    case 'json':
      return JSON.stringify({...comparison?.report, ...(benchmarks !== undefined && {benchmarks}), ...(rubric.length > 0 && {rubric})}, null, 2) + '\n'
    case 'csv': {
      const {csvBlock, renderCsvReport} = await import('./csv-report.js')
      return [...(comparison === undefined ? [] : [renderCsvReport(comparison.report)]), ...tables.map((table) => csvBlock(table) + '\n')].join('\n')
    }
    case 'md': {
      const {markdownTable, renderMarkdownReport} = await import('./markdown-report.js')
      const head = comparison === undefined ? ['# Model comparison\n'] : [renderMarkdownReport(comparison.report)]
      return [...head, ...tables.map((table) => markdownTable(table) + '\n')].join('\n')
    }
    case 'html': {
      const {benchmarkSection, renderBenchmarkPage} = await import('./html/benchmark-page.js')
      const {htmlPage, htmlTable, renderHtmlReport, section} = await import('./html/html-report.js')
      const rubricSections = rubricPart.length === 0 ? [] : [section('rubric', 'Rubric scores', rubricPart.map(htmlTable).join(''))]
      if (comparison === undefined && benchmarks === undefined) {
        return htmlPage({policy: "default-src 'none'; style-src 'unsafe-inline'", title: `bench compare: ${rubric.length} graded batches`, summary: `${rubric.length} batches graded against a rubric.`, nav: ['rubric'], main: rubricSections.join('')})
      }
      if (comparison === undefined) return renderBenchmarkPage(benchmarks!)
      return renderHtmlReport(comparison, [...rubricSections, ...(benchmarks === undefined ? [] : [benchmarkSection(benchmarks)])])
    }
  }
}
