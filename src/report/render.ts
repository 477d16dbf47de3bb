import type {BenchmarkComparison} from '../core/benchmarks/compare-benchmarks.js'
import type {Comparison} from '../core/compare/compare.js'
import type {CandidatesReport} from '../core/judges/candidate-report.js'
import type {GradingReport} from '../core/rubric/rubric-score.js'
import {judgesTables} from './judges-tables.js'
import {rubricTables} from './rubric-tables.js'

export const REPORT_FORMATS = ['table', 'json', 'csv', 'md', 'html'] as const

export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** What `bench compare` reports beside the Layton models; each part is absent when the inputs hold none. */
export interface ReportParts {
  /** The standard benchmarks' batches among the paths. */
  benchmarks?: BenchmarkComparison
  /** Rubric juries' verdicts among the paths (`bench jury --rubric`). */
  rubric?: readonly GradingReport[]
  /** A `bench judges` run (`--judges`): candidate judges against people. */
  candidateJudges?: CandidatesReport
}

/** The parts as `--json` carries them, beside the Layton report's own fields. */
export function reportPartsJson(parts: ReportParts): {benchmarks?: BenchmarkComparison; rubric?: readonly GradingReport[]; candidate_judges?: CandidatesReport} {
  const {benchmarks, rubric = [], candidateJudges} = parts
  return {...(benchmarks !== undefined && {benchmarks}), ...(rubric.length > 0 && {rubric}), ...(candidateJudges !== undefined && {candidate_judges: candidateJudges})}
}

/**
 * The comparison in one output format; each renderer is loaded only when asked for. Any part may
 * be absent: the Layton models (judge files), the standard benchmarks, rubric grades, candidate judges.
 */
export async function renderComparison(comparison: Comparison | undefined, format: ReportFormat, parts: ReportParts = {}): Promise<string> {
  const {benchmarks, rubric = [], candidateJudges} = parts
  const rubricPart = rubricTables(rubric)
  const benchmarkPart = benchmarks === undefined ? [] : (await import('./benchmark-tables.js')).benchmarkTables(benchmarks)
  const judgesPart = candidateJudges === undefined ? [] : judgesTables(candidateJudges)
  const tables = [...rubricPart, ...benchmarkPart, ...judgesPart]
  switch (format) {
    case 'table': {
      const {renderTextReport, renderTextTable} = await import('./text-report.js')
      return [...(comparison === undefined ? [] : [renderTextReport(comparison.report)]), ...tables.map((table) => renderTextTable(table) + '\n')].join('\n')
    }
    case 'json':
      return JSON.stringify({...comparison?.report, ...reportPartsJson(parts)}, null, 2) + '\n'
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
      const {htmlPage, htmlTable, renderHtmlReport, section} = await import('./html/html-report.js')
      const sections: {id: string; heading: string; html: string; summary: string}[] = []
      if (rubricPart.length > 0) sections.push({id: 'rubric', heading: 'Rubric scores', html: section('rubric', 'Rubric scores', rubricPart.map(htmlTable).join('')), summary: `${rubric.length} batches graded against a rubric`})
      if (benchmarks !== undefined) {
        const {benchmarkSection} = await import('./html/benchmark-page.js')
        sections.push({id: 'benchmarks', heading: 'Standard benchmarks', html: benchmarkSection(benchmarks), summary: benchmarks.benchmarks.map((board) => board.title).join(', ')})
      }
      if (candidateJudges !== undefined) {
        const {candidateJudgesSection} = await import('./html/judges-section.js')
        sections.push({id: 'candidate-judges', heading: 'Candidate judges', html: candidateJudgesSection(candidateJudges), summary: `${candidateJudges.candidates.length} candidate judges`})
      }
      if (comparison !== undefined) return renderHtmlReport(comparison, sections)
      // No Layton models: the same page with these sections alone, and no script at all.
      const summary = sections.map((part) => part.summary).join('; ')
      const heading = sections.length === 1 ? sections[0]!.heading : undefined
      return htmlPage({policy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:", title: `bench compare: ${summary}`, heading, summary: `${summary}.`, nav: sections.map((part) => part.id), main: sections.map((part) => part.html).join('\n')})
    }
  }
}
