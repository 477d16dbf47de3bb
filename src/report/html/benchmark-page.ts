import {htmlPage, htmlTable, section} from './html-report.js'
import {intervalChart} from './svg-charts.js'
import type {BenchmarkComparison} from '../../core/benchmarks/compare-benchmarks.js'
import {benchmarkTables} from '../benchmark-tables.js'

/** The benchmarks' section of the HTML report: an interval chart per benchmark, then its tables. */
export function benchmarkSection(comparison: BenchmarkComparison): string {
  const charts = comparison.benchmarks.map((board) =>
    intervalChart(
      board.leaderboard.map((row) => ({label: `${row.rank}. ${row.label}`, score: row.score, halfWidth: row['95% CI (±)']})),
      `${board.title}: ${board.metric} with 95% intervals`,
    ),
  )
  return section('benchmarks', 'Standard benchmarks', charts.join('') + benchmarkTables(comparison).map(htmlTable).join(''))
}

/** `bench compare --format html` when the paths hold only benchmark batches: the same page, with no script at all. */
export function renderBenchmarkPage(comparison: BenchmarkComparison): string {
  const names = comparison.benchmarks.map((board) => board.title).join(', ')
  return htmlPage({
    policy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    title: `bench compare: ${names}`,
    summary: names,
    nav: ['benchmarks'],
    main: benchmarkSection(comparison),
  })
}
