import {pairComparisonTable, type ReportTable} from './report-tables.js'
import type {BenchmarkBoard, BenchmarkComparison} from '../core/benchmarks/compare-benchmarks.js'

/**
 * The standard benchmarks' part of `bench compare`, as tables every output format renders: per
 * benchmark a leaderboard, the paired comparisons and the per-group scores; then the weighted
 * overall score when --weights was given.
 */
export function benchmarkTables(comparison: BenchmarkComparison): ReportTable[] {
  const tables = comparison.benchmarks.flatMap((board) => [leaderboard(board), pairs(board), groups(board)].filter((table) => table.rows.length > 0))
  if (comparison.weighted !== undefined) tables.push(weighted(comparison.weighted))
  return tables
}

function leaderboard(board: BenchmarkBoard): ReportTable {
  const direction = board.higher_is_better ? 'higher is better' : 'lower is better'
  return {
    id: `${board.benchmark}-leaderboard`,
    title: `${board.title}: ${board.metric} (${direction})`,
    columns: [
      {name: 'rank', kind: 'count'},
      {name: 'model', kind: 'text'},
      {name: board.metric, kind: 'points'},
      {name: '95% CI (±)', kind: 'points'},
      {name: 'n', kind: 'count'},
      {name: 'ungraded', kind: 'count'},
      {name: 'cost', kind: 'usd'},
    ],
    rows: board.leaderboard.map((row) => [row.rank, row.label, row.score, row['95% CI (±)'], row.n, row.ungraded, row.cost_usd]),
    notes: ['"ungraded": refused, blocked, truncated, unparseable or failed answers, counted as wrong (XSTest: left unclassified unless the vendor refused). Cost at batch prices.'],
  }
}

function pairs(board: BenchmarkBoard): ReportTable {
  return pairComparisonTable(`${board.benchmark}-pairs`, `${board.title}: paired comparisons (first minus second, on the questions both have)`, board.pairs, 'questions', [
    'Paired bootstrap 95% interval of the mean difference per question; McNemar: exact test on right or not (XSTest: refused by most judges or not).',
  ])
}

function groups(board: BenchmarkBoard): ReportTable {
  if (board.groups.names.length < 2) return {id: `${board.benchmark}-groups`, title: '', columns: [], rows: []}
  return {
    id: `${board.benchmark}-${board.groups.kind}`,
    title: `${board.title}: per ${board.groups.kind} (${board.metric}, points)`,
    columns: [{name: board.groups.kind, kind: 'text'}, ...board.groups.rows.map((row) => ({name: row.label, kind: 'points' as const}))],
    rows: board.groups.names.map((name, index) => [name, ...board.groups.rows.map((row) => row.scores[index] ?? null)]),
  }
}

function weighted(overall: NonNullable<BenchmarkComparison['weighted']>): ReportTable {
  const weights = Object.entries(overall.weights).map(([name, weight]) => `${name} ${weight}`).join(', ')
  return {
    id: 'weighted-overall',
    title: 'Weighted overall score',
    columns: [
      {name: 'model', kind: 'text'},
      {name: 'overall', kind: 'points'},
      {name: 'missing', kind: 'text'},
    ],
    rows: overall.rows.map((row) => [row.label, row.score, row.missing.join(', ')]),
    notes: [`Weights: ${weights}. Lower-is-better figures (XSTest's over-refusal) enter as 100 minus them. A model missing a weighted benchmark gets no overall score.`],
  }
}
