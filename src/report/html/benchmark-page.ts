import {htmlTable, section} from './html-report.js'
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
