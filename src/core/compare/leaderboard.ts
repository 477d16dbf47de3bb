import type {Evaluation} from './evaluations.js'
import type {WithheldCounts} from '../jury/withheld.js'
import type {Cost} from '../pricing/cost.js'
import type {ScoreMethod} from '../score/score.js'

/** One line of the leaderboard; the numbers `bench score` prints, plus rank, volume, cost and time. */
export interface LeaderboardRow {
  /**
   * The leaderboard the row is ranked on: runs of one split and hints level (`llm · hints 0`).
   * Different splits or hints levels ask different questions and are never ranked together.
   */
  board: string
  /** Within the board. */
  rank: number
  /** Best and worst rank the intervals allow (reference layton-eval.md section 6). */
  rank_spread: {best: number; worst: number}
  /** How the model is called in every table: `<provider>/<model>`, with hints or split when they differ. */
  label: string
  batch: string
  provider?: string
  model?: string
  split?: string
  hints?: number
  score: number
  '95% CI (±)': number
  method: ScoreMethod
  /** Riddles scored. */
  n: number
  requests: number | 'unknown'
  failed: number | 'unknown'
  /** Failed requests by result code, from the answers file. */
  failed_codes: Record<string, number> | 'unknown'
  /** Answers withheld from the judges (refused, blocked, truncated), counted incorrect in the score. */
  withheld: WithheldCounts
  tokens: {input: number; output: number; reasoning: number; cached: number} | 'unknown'
  cost_usd: Cost
  priced_as?: string
  wall_seconds: number | 'unknown'
  /** Cost over the correct answers the score implies (score x n): `unknown` without a cost, null when none is correct. */
  cost_per_correct_usd: Cost | null
  /** Wall time per 1,000 requests, seconds. */
  seconds_per_1000_requests: number | 'unknown'
  /** Endpoint runs: each request's latency, from the answers file. */
  latency_ms?: {median: number; p95: number}
}

/**
 * One leaderboard per split and hints level, boards in name order. Within a board, ranks by score
 * (ties in label order) and adds each rank spread.
 */
export function buildLeaderboard(evaluations: readonly Evaluation[], labels: readonly string[]): LeaderboardRow[] {
  const rows = evaluations.map((evaluation, index) => toRow(evaluation, labels[index] as string))
  rows.sort((a, b) => a.board.localeCompare(b.board) || b.score - a.score || a.label.localeCompare(b.label))
  for (const board of new Set(rows.map((row) => row.board))) {
    const ranked = rows.filter((row) => row.board === board)
    const spreads = rankSpreads(ranked.map((row) => ({low: row.score - row['95% CI (±)'], high: row.score + row['95% CI (±)']})))
    ranked.forEach((row, index) => {
      row.rank = index + 1
      row.rank_spread = spreads[index] as LeaderboardRow['rank_spread']
    })
  }
  return rows
}

/** `llm · hints 0`; `unknown` for what the files do not say. */
export function boardOf(split: string | undefined, hints: number | undefined): string {
  return `${split ?? 'unknown split'} · hints ${hints ?? 'unknown'}`
}

/**
 * From the published leaderboard's rule, on the printed intervals (score ± half-width): best =
 * 1 + the models whose lower bound is above this one's upper bound; worst = the models (itself
 * included) whose upper bound is at or above this one's lower bound.
 */
export function rankSpreads(intervals: readonly {low: number; high: number}[]): {best: number; worst: number}[] {
  // Bounds are sums of one-decimal numbers: compare with a tolerance, so 80.1 + 0.3 meets 80.4.
  const epsilon = 1e-9
  return intervals.map((interval) => ({
    best: 1 + intervals.filter((other) => other !== interval && other.low > interval.high + epsilon).length,
    worst: intervals.filter((other) => other.high >= interval.low - epsilon).length,
  }))
}

function toRow(evaluation: Evaluation, label: string): LeaderboardRow {
  const {report, predictions, source} = evaluation
  return {
    board: boardOf(source.split ?? report.model.split, source.hints ?? report.model.hints),
    rank: 0,
    rank_spread: {best: 0, worst: 0},
    label,
    batch: source.batch,
    provider: report.model.provider,
    model: source.manifest?.model ?? report.model.model,
    split: report.model.split,
    hints: source.hints,
    score: report.score,
    '95% CI (±)': report['95% CI (±)'],
    method: report.method,
    n: report.n,
    requests: predictions?.requests ?? 'unknown',
    failed: predictions?.failed ?? 'unknown',
    failed_codes: predictions?.failed_codes ?? 'unknown',
    withheld: report.withheld,
    tokens: predictions?.usage ?? 'unknown',
    cost_usd: evaluation.cost,
    ...(evaluation.priced_as !== undefined && {priced_as: evaluation.priced_as}),
    wall_seconds: evaluation.wall_seconds,
    cost_per_correct_usd: costPerCorrect(evaluation.cost, report.score, report.n),
    seconds_per_1000_requests:
      evaluation.wall_seconds === 'unknown' || predictions === undefined || predictions.requests === 0 ? 'unknown' : (1000 * evaluation.wall_seconds) / predictions.requests,
    ...(predictions?.latency_ms !== undefined && {latency_ms: predictions.latency_ms}),
  }
}

/** What one correct answer cost: the run's cost over the correct answers its score implies. */
export function costPerCorrect(cost: Cost, score: number, n: number): Cost | null {
  if (cost === 'unknown') return 'unknown'
  const correct = (score / 100) * n
  return correct <= 0 ? null : cost / correct
}
