import type {CompareReport} from '../core/compare/compare.js'
import type {LeaderboardRow} from '../core/compare/leaderboard.js'
import type {PairComparison} from '../core/compare/pairs.js'
import {describeWithheld} from '../core/jury/withheld.js'

/**
 * How a column's numbers read: `points` (one decimal), `rate` (percent, one decimal), `kappa` and
 * `correlation` (three decimals), `p` (three significant digits), `count`, `usd`, `seconds`, `text`.
 */
export type ColumnKind = 'points' | 'rate' | 'kappa' | 'correlation' | 'p' | 'count' | 'usd' | 'seconds' | 'text'

/** A number, a text, or null where the value does not exist (no human labels for a judge, say). */
export type Cell = number | string | boolean | null

export interface ReportTable {
  /** Short machine name (CSV section, HTML id). */
  id: string
  title: string
  columns: {name: string; kind: ColumnKind}[]
  rows: Cell[][]
  notes?: string[]
}

/**
 * The report as tables, shared by the terminal, Markdown, CSV and HTML outputs so that each
 * carries the same numbers. Cells stay raw; each output formats them.
 */
export function reportTables(report: CompareReport): ReportTable[] {
  return [
    ...leaderboardTables(report),
    speedAndCostTable(report),
    pairsTable(report),
    notJudgedTable(report),
    hintsTable(report),
    judgesTable(report),
    judgeAgreementTable(report),
    judgeByModelTable(report),
  ].filter((table) => table.rows.length > 0 || table.id.startsWith('leaderboard'))
}

/** The leaderboards' names: one per split and hints level, never ranked together. */
export function boards(report: CompareReport): string[] {
  return [...new Set(report.leaderboard.map((row) => row.board))]
}

/** One leaderboard table per board; with several, each names its board. */
export function leaderboardTables(report: CompareReport): ReportTable[] {
  const names = boards(report)
  return names.map((board) => leaderboardTable(report, board, names.length > 1))
}

function leaderboardTable(report: CompareReport, board: string, named: boolean): ReportTable {
  const method = report.method === 'calibrated' ? `calibrated against ${report.calibration?.file}` : 'jury mean with a 95% Wilson interval over riddles (no --calibration)'
  const rows = report.leaderboard.filter((row) => row.board === board)
  const boardNote = named ? [`Runs of another split or hints level answer other questions: they are ranked on their own leaderboard.`] : []
  return {
    id: named ? `leaderboard ${board}` : 'leaderboard',
    title: named ? `Leaderboard: ${board}` : 'Leaderboard',
    columns: [
      {name: 'rank', kind: 'count'},
      {name: 'rank spread', kind: 'text'},
      {name: 'model', kind: 'text'},
      {name: 'score', kind: 'points'},
      {name: '95% CI (±)', kind: 'points'},
      {name: 'n', kind: 'count'},
      {name: 'failed', kind: 'count'},
      {name: 'not judged', kind: 'text'},
      {name: 'tokens in', kind: 'count'},
      {name: 'tokens out', kind: 'count'},
      {name: 'cost', kind: 'usd'},
      {name: 'wall time', kind: 'seconds'},
    ],
    rows: rows.map((row) => [
      row.rank,
      `${row.rank_spread.best} <--> ${row.rank_spread.worst}`,
      row.label,
      row.score,
      row['95% CI (±)'],
      row.n,
      row.failed,
      notJudged(row),
      row.tokens === 'unknown' ? 'unknown' : row.tokens.input,
      row.tokens === 'unknown' ? 'unknown' : row.tokens.output,
      row.cost_usd,
      row.wall_seconds,
    ]),
    notes: [
      `${report.field}, ${method}; ${report.resamples} resamples, seed ${report.seed}. Cost at batch prices; "unknown" where the model is not in the price table or the files record no usage.`,
      'Not judged: answers the vendor refused, blocked or truncated, never sent to the judges and counted incorrect.',
      ...boardNote,
    ],
  }
}

/**
 * The models by what a correct answer costs and how fast their batches ran, beside the score: to
 * pick the cheapest or fastest model that is good enough. Ranked within each leaderboard.
 */
export function speedAndCostTable(report: CompareReport): ReportTable {
  const ranked = boards(report).flatMap((board) => {
    const rows = report.leaderboard.filter((row) => row.board === board)
    const costRank = rankBy(rows, (row) => (typeof row.cost_per_correct_usd === 'number' ? row.cost_per_correct_usd : undefined))
    const speedRank = rankBy(rows, (row) => (typeof row.seconds_per_1000_requests === 'number' ? row.seconds_per_1000_requests : undefined))
    return rows.map((row, index) => ({row, costRank: costRank[index]!, speedRank: speedRank[index]!}))
  })
  ranked.sort((a, b) => a.row.board.localeCompare(b.row.board) || (a.costRank ?? Infinity) - (b.costRank ?? Infinity) || a.row.label.localeCompare(b.row.label))
  return {
    id: 'speed and cost',
    title: 'Cost per correct answer and speed',
    columns: [
      {name: 'model', kind: 'text'},
      {name: 'score', kind: 'points'},
      {name: 'cost per correct', kind: 'usd'},
      {name: 'rank by cost', kind: 'count'},
      {name: 's per 1k requests', kind: 'seconds'},
      {name: 'rank by speed', kind: 'count'},
      {name: 'latency median ms', kind: 'count'},
      {name: 'latency p95 ms', kind: 'count'},
    ],
    rows: ranked.map(({row, costRank, speedRank}) => [
      row.label,
      row.score,
      row.cost_per_correct_usd,
      costRank,
      row.seconds_per_1000_requests,
      speedRank,
      row.latency_ms === undefined ? null : Math.round(row.latency_ms.median),
      row.latency_ms === undefined ? null : Math.round(row.latency_ms.p95),
    ]),
    notes: [
      'Cost per correct answer: the run\'s cost at batch prices over the correct answers its score implies (score x n). Speed: the batch\'s wall time per 1,000 requests; latency (endpoint runs): per request, from the answers file. Ranked within each leaderboard, 1 the cheapest or fastest; — where unknown.',
    ],
  }
}

/** 1 for the smallest value; null where there is none. */
function rankBy<T>(rows: readonly T[], value: (row: T) => number | undefined): (number | null)[] {
  const known = rows.map(value)
  return known.map((own) => (own === undefined ? null : 1 + known.filter((other) => other !== undefined && other < own).length))
}

function notJudged(row: LeaderboardRow): string {
  return describeWithheld(row.withheld) ?? ''
}

export function pairsTable(report: CompareReport): ReportTable {
  return pairComparisonTable('pairs', 'Paired comparisons (first minus second, on the riddles both have)', report.pairs, 'riddles', [
    'Paired bootstrap 95% interval of the mean jury-value difference, in points; significant when it leaves out 0. McNemar: exact test on solved (jury value above 1/2) or not.',
    'The two test different outcomes: where they disagree, the row says which finds a difference (a split jury counts 1/3 or 2/3 in the mean, but only as solved or not for McNemar).',
    '"n too small to tell": not significant, and the difference is below the smallest one this n detects with 80% power.',
  ])
}

/** Pairs of models as a table: also the standard benchmarks' paired comparisons (benchmark-tables.ts); `items` names what they are compared on. */
export function pairComparisonTable(id: string, title: string, pairs: readonly PairComparison[], items: string, notes: string[]): ReportTable {
  return {
    id,
    title,
    columns: [
      {name: 'first', kind: 'text'},
      {name: 'second', kind: 'text'},
      {name: 'n', kind: 'count'},
      {name: 'difference', kind: 'points'},
      {name: 'CI low', kind: 'points'},
      {name: 'CI high', kind: 'points'},
      {name: 'significant', kind: 'text'},
      {name: 'McNemar p', kind: 'p'},
      {name: 'correlation', kind: 'correlation'},
      {name: 'detectable at 80% power', kind: 'points'},
    ],
    rows: pairs.map((pair) =>
      pair.compared
        ? [
            pair.first,
            pair.second,
            pair.n,
            pair.difference,
            pair.interval.low,
            pair.interval.high,
            significance(pair),
            pair.mcnemar.p_value,
            pair.correlation,
            pair.minimum_detectable_difference,
          ]
        : [pair.first, pair.second, 0, null, null, null, `not compared: no ${items} in common`, null, null, null],
    ),
    notes,
  }
}

function significance(pair: Extract<PairComparison, {compared: true}>): string {
  if (pair.tests_disagree) {
    return pair.significant
      ? 'mean jury value: yes (bootstrap); solved or not: no (McNemar)'
      : 'mean jury value: no (bootstrap); solved or not: yes (McNemar)'
  }
  if (pair.significant) return 'yes'
  return pair.underpowered ? 'no: n too small to tell' : 'no'
}

/** Answers files among the paths that no judge file judged. */
function notJudgedTable(report: CompareReport): ReportTable {
  return {
    id: 'not_judged',
    title: 'Not judged (answers without judge files: run bench jury on them)',
    columns: [
      {name: 'batch', kind: 'text'},
      {name: 'file', kind: 'text'},
    ],
    rows: report.not_judged.map((entry) => [entry.batch, entry.file]),
  }
}

/**
 * Which pairs of one board differ: `>` the row model is significantly better than the column
 * model, `<` worse, `·` no significant difference, `?` not compared (no riddles in common).
 */
export function significanceMatrix(report: CompareReport, board: string): {labels: string[]; cells: string[][]} {
  const labels = report.leaderboard.filter((row) => row.board === board).map((row) => row.label)
  const cells = labels.map((first) =>
    labels.map((second) => {
      if (first === second) return ''
      const pair = report.pairs.find((candidate) => (candidate.first === first && candidate.second === second) || (candidate.first === second && candidate.second === first))
      if (pair === undefined || !pair.compared) return '?'
      if (!pair.significant) return '·'
      const firstBetter = pair.first === first ? pair.difference > 0 : pair.difference < 0
      return firstBetter ? '>' : '<'
    }),
  )
  return {labels, cells}
}

/** Per-category scores, one column per model (for reading); the CSV takes the long form. */
export function categoriesWideTable(report: CompareReport): ReportTable {
  const models = report.leaderboard.map((row) => row.label)
  const categories = [...new Set(report.categories.rows.map((row) => row.category))].sort()
  return {
    id: 'categories',
    title: 'Per category (jury mean, points)',
    columns: [{name: 'category', kind: 'text'}, {name: 'n', kind: 'count'}, ...models.map((model) => ({name: model, kind: 'points' as const}))],
    rows: categories.map((category) => {
      const rows = report.categories.rows.filter((row) => row.category === category)
      return [category, Math.max(...rows.map((row) => row.n)), ...models.map((model) => rows.find((row) => row.model === model)?.score ?? null)]
    }),
    notes: [`Plain jury mean per category (not calibrated); categories from ${report.categories.datasets.join(', ')}.`],
  }
}

export function categoriesLongTable(report: CompareReport): ReportTable {
  return {
    id: 'categories',
    title: 'Per category',
    columns: [
      {name: 'model', kind: 'text'},
      {name: 'category', kind: 'text'},
      {name: 'n', kind: 'count'},
      {name: 'score', kind: 'points'},
      {name: '95% CI (±)', kind: 'points'},
    ],
    rows: report.categories.rows.map((row) => [row.model, row.category, row.n, row.score, row['95% CI (±)']]),
  }
}

function hintsTable(report: CompareReport): ReportTable {
  return {
    id: 'hints',
    title: 'Per hints level',
    columns: [
      {name: 'model', kind: 'text'},
      {name: 'hints', kind: 'count'},
      {name: 'score', kind: 'points'},
      {name: '95% CI (±)', kind: 'points'},
    ],
    rows: report.hints.flatMap((row) => row.levels.map((level) => [row.model, level.hints, level.score, level['95% CI (±)']])),
  }
}

function judgesTable(report: CompareReport): ReportTable {
  return {
    id: 'judges',
    title: 'Judges',
    columns: [
      {name: 'judge', kind: 'text'},
      {name: 'models', kind: 'count'},
      {name: 'failure rate %', kind: 'rate'},
      {name: 'human-labelled n', kind: 'count'},
      {name: 'accuracy %', kind: 'rate'},
      {name: 'precision %', kind: 'rate'},
      {name: 'recall %', kind: 'rate'},
      {name: 'F1 %', kind: 'rate'},
      {name: "Cohen's kappa", kind: 'kappa'},
    ],
    rows: report.judges.judges.map((judge) => [
      judge.judge,
      judge.models_judged,
      judge.failure_rate,
      judge.human?.n ?? null,
      judge.human?.accuracy ?? null,
      judge.human?.precision ?? null,
      judge.human?.recall ?? null,
      judge.human?.f1 ?? null,
      judge.human?.cohen_kappa ?? null,
    ]),
    notes: [
      report.calibration === undefined
        ? 'No --calibration file: no agreement with human labels.'
        : `Against the human labels of ${report.calibration.file} (${report.calibration.labelled_rows} labelled rows; each judge on the rows it judged).`,
    ],
  }
}

function judgeAgreementTable(report: CompareReport): ReportTable {
  return {
    id: 'judge_agreement',
    title: 'Agreement between judges (over every model both judged)',
    columns: [
      {name: 'judge', kind: 'text'},
      {name: 'other judge', kind: 'text'},
      {name: 'n', kind: 'count'},
      {name: 'agreement %', kind: 'rate'},
      {name: "Cohen's kappa", kind: 'kappa'},
    ],
    rows: report.judges.agreement.map((pair) => [pair.judges[0], pair.judges[1], pair.n, pair.percent_agreement, pair.cohen_kappa]),
  }
}

function judgeByModelTable(report: CompareReport): ReportTable {
  return {
    id: 'judge_by_model',
    title: "Each model as each judge sees it",
    columns: [
      {name: 'model', kind: 'text'},
      {name: 'judge', kind: 'text'},
      {name: 'same vendor', kind: 'text'},
      {name: "judge's score", kind: 'points'},
      {name: 'score without it', kind: 'points'},
      {name: 'leave-one-out effect', kind: 'points'},
    ],
    rows: report.judges.by_model.map((entry) => [
      entry.model,
      entry.judge,
      entry.same_vendor ? 'SAME VENDOR' : '',
      entry.score,
      entry.without?.score ?? null,
      entry.without?.effect ?? null,
    ]),
    notes: ["A judge's score: the share of its own verdicts that say correct. Effect: the model's score without the judge minus with it."],
  }
}
