import type {LeaderboardRow} from './leaderboard.js'
import {StrataCounter} from './paired-statistics.js'
import type {RiddleGrid} from './riddle-grid.js'
import {juryInterval, roundAround} from '../score/interval.js'

/** One model on one category: the plain jury mean with its 95% interval, as `bench score` gives it (no calibration within a category). */
export interface CategoryRow {
  model: string
  category: string
  n: number
  score: number
  '95% CI (±)': number
}

/** Riddles without a category are grouped under "(none)". */
export const NO_CATEGORY = '(none)'

/** `judges[i]`: how many judges model i had. */
export function breakdownByCategory(labels: readonly string[], judges: readonly number[], grid: RiddleGrid, categoryOf: ReadonlyMap<string, string>): CategoryRow[] {
  const rows: CategoryRow[] = []
  labels.forEach((label, evaluation) => {
    const values = grid.values[evaluation] as Float64Array
    const byCategory = new Map<string, {strata: StrataCounter; n: number}>()
    grid.ids.forEach((id, riddle) => {
      const value = values[riddle] as number
      if (Number.isNaN(value)) return
      const category = categoryOf.get(id) ?? NO_CATEGORY
      const entry = byCategory.get(category) ?? {strata: new StrataCounter(), n: 0}
      entry.strata.add(value)
      entry.n += 1
      byCategory.set(category, entry)
    })
    for (const [category, {strata, n}] of [...byCategory].sort(([a], [b]) => a.localeCompare(b))) {
      const interval = juryInterval(strata.strata(), judges[evaluation] as number)
      const rounded = roundAround(interval.mean, interval)
      rows.push({model: label, category, n, score: rounded.score, '95% CI (±)': rounded.half_width})
    }
  })
  return rows
}

/** A model run at several hints levels: its leaderboard score at each. */
export interface HintsRow {
  model: string
  levels: {hints: number; label: string; score: number; '95% CI (±)': number}[]
}

/** Only models (provider/model/split) with at least two hints levels among the evaluations. */
export function breakdownByHints(leaderboard: readonly LeaderboardRow[]): HintsRow[] {
  const byModel = new Map<string, LeaderboardRow[]>()
  for (const row of leaderboard) {
    if (row.hints === undefined) continue
    const key = [row.provider, row.model, row.split].filter((part) => part !== undefined).join('/')
    byModel.set(key, [...(byModel.get(key) ?? []), row])
  }
  return [...byModel]
    .filter(([, rows]) => new Set(rows.map((row) => row.hints)).size > 1)
    .map(([model, rows]) => ({
      model,
      levels: rows
        .map((row) => ({hints: row.hints as number, label: row.label, score: row.score, '95% CI (±)': row['95% CI (±)']}))
        .sort((a, b) => a.hints - b.hints),
    }))
}
