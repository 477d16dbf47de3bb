import type {Comparison} from '../../core/compare/compare.js'

/** Beyond this many riddles the browser shows the first ones and says so: the file must stay small. */
export const MAX_BROWSER_RIDDLES = 2_000
/** Characters of model text the whole browser may embed; justifications are cut to share it. */
const TEXT_BUDGET = 2_500_000
const ANSWER_LIMIT = 300
const MIN_JUSTIFICATION = 80
const MAX_JUSTIFICATION = 4_000

/** What the page's script renders: compact arrays rather than objects, since there can be 20,000 cells. */
export interface RiddleBrowserData {
  models: string[]
  /** judges[model]: the judges of that model, in the order of each cell's verdict codes. */
  judges: string[][]
  /** [id, category, cells]; a cell is [answer, justification, jury value or null, verdict codes] or null where the model has no such riddle. */
  riddles: [string, string, (BrowserCell | null)[]][]
  total_riddles: number
  justification_limit: number
}

/** Verdict codes as digits (core/score/judgement.ts): 0 no line, 1 no verdict, 2 + answer bit + 2 × justification bit. */
export type BrowserCell = [answer: string, justification: string, jury: number | null, verdicts: string]

export function riddleBrowserData(comparison: Comparison): RiddleBrowserData {
  const {grid, evaluations, labels, categories} = comparison
  const shown = Math.min(grid.ids.length, MAX_BROWSER_RIDDLES)
  const limit = Math.round(Math.min(MAX_JUSTIFICATION, Math.max(MIN_JUSTIFICATION, TEXT_BUDGET / Math.max(1, shown * evaluations.length))))
  const riddles: RiddleBrowserData['riddles'] = []
  for (let riddle = 0; riddle < shown; riddle++) {
    const id = grid.ids[riddle] as string
    const cells = evaluations.map((evaluation, index): BrowserCell | null => {
      const row = (grid.rows[index] as Int32Array)[riddle] as number
      const jury = (grid.values[index] as Float64Array)[riddle] as number
      const prediction = evaluation.predictions?.answers.get(id)
      // No row but a jury value: withheld from the judges (refused, blocked, truncated), counted 0.
      if (row === -1) return Number.isNaN(jury) ? null : ['', `(${prediction?.withheld ?? 'refused, blocked or truncated'}: not sent to the judges, counted incorrect)`, 0, '']
      const verdicts = evaluation.table.verdicts.map((codes) => String(codes[row] ?? 0)).join('')
      return [cut(prediction?.answer ?? '', ANSWER_LIMIT), cut(prediction?.justification ?? '', limit), Number.isNaN(jury) ? null : round(jury), verdicts]
    })
    riddles.push([id, categories.byRiddle.get(id) ?? '', cells])
  }
  return {
    models: labels,
    judges: evaluations.map((evaluation) => evaluation.table.judges.map((judge) => judge.label)),
    riddles,
    total_riddles: grid.ids.length,
    justification_limit: limit,
  }
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}
