import type {LeaderboardRow} from './leaderboard.js'
import {StrataCounter} from './paired-statistics.js'
import type {RiddleGrid} from './riddle-grid.js'
import {roundScore} from '../score/interval.js'
import {Random} from '../score/random.js'
import {bootstrapMeans} from '../score/resample.js'

/** One model on one category: the plain jury mean with a bootstrap 95% interval (no calibration within a category). */
export interface CategoryRow {
  model: string
  category: string
  n: number
  score: number
  '95% CI (±)': number
}

export interface ResampleOptions {
  resamples: number
  seed: number
}

/** Riddles without a category are grouped under "(none)". */
export const NO_CATEGORY = '(none)'

export function breakdownByCategory(
  labels: readonly string[],
  grid: RiddleGrid,
  categoryOf: ReadonlyMap<string, string>,
  options: ResampleOptions,
): CategoryRow[] {
  const rows: CategoryRow[] = []
  labels.forEach((label, evaluation) => {
    const values = grid.values[evaluation] as Float64Array
    const byCategory = new Map<string, {strata: StrataCounter; n: number; sum: number}>()
    grid.ids.forEach((id, riddle) => {
      const value = values[riddle] as number
      if (Number.isNaN(value)) return
      const category = categoryOf.get(id) ?? NO_CATEGORY
      const entry = byCategory.get(category) ?? {strata: new StrataCounter(), n: 0, sum: 0}
      entry.strata.add(value)
      entry.n += 1
      entry.sum += value
      byCategory.set(category, entry)
    })
    for (const [category, {strata, n, sum}] of [...byCategory].sort(([a], [b]) => a.localeCompare(b))) {
      const rounded = roundScore(bootstrapMeans(strata.strata(), options.resamples, new Random(options.seed)), sum / n)
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
