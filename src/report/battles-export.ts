import {csvField} from './csv-report.js'
import type {Battle} from '../core/arena/battles.js'

const CSV_COLUMNS = ['model_a', 'model_b', 'winner', 'judge', 'tstamp', 'source', 'arena', 'question_id', 'turn', 'pair', 'verdict_ab', 'verdict_ba', 'consistency'] as const

/** One battle a line, in Chatbot Arena's layout with bench's fields after (what `bench arena ratings --battles` reads back). */
export function battlesJsonl(battles: readonly Battle[]): string {
  return battles.map((battle) => JSON.stringify(battle) + '\n').join('')
}

/** The same as CSV with a header; a judge's two verdicts get a column each. */
export function battlesCsv(battles: readonly Battle[]): string {
  const rows = battles.map((battle) => {
    const cells: Partial<Record<(typeof CSV_COLUMNS)[number], string | number>> = {
      ...battle,
      verdict_ab: battle.verdicts?.ab,
      verdict_ba: battle.verdicts?.ba,
    }
    return CSV_COLUMNS.map((column) => csvField(cells[column] === undefined ? '' : String(cells[column]))).join(',')
  })
  return [CSV_COLUMNS.join(','), ...rows].join('\n') + '\n'
}
