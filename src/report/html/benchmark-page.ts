import {escapeHtml} from './escape.js'
import {htmlTable, section} from './html-report.js'
import {PAGE_STYLE} from './style.js'
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
  const policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
  const names = comparison.benchmarks.map((board) => board.title).join(', ')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bench compare: ${escapeHtml(names)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><h1>Model comparison</h1><p>${escapeHtml(names)}</p></header>
<main>
${benchmarkSection(comparison)}
</main>
</body>
</html>
`
}
