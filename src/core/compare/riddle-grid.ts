import type {Evaluation} from './evaluations.js'
import {RiddleIndex} from '../score/riddle-index.js'

/** Every riddle any evaluation has, and each evaluation's jury value on it (NaN where it has none). */
export interface RiddleGrid {
  ids: string[]
  /** values[evaluation][riddle], riddle as in `ids`. */
  values: Float64Array[]
  /** rows[evaluation][riddle]: the riddle's position in that evaluation's judge table, -1 where absent or withheld from the judges. */
  rows: Int32Array[]
}

/** Lines the evaluations up by custom_id, so paired statistics compare the same riddles. */
export function alignRiddles(evaluations: readonly Evaluation[]): RiddleGrid {
  const index = new RiddleIndex()
  const positions = evaluations.map((evaluation) => evaluation.riddles.map((id) => index.intern(id)))
  const size = index.ids.length
  const values = evaluations.map(() => new Float64Array(size).fill(Number.NaN))
  const rows = evaluations.map(() => new Int32Array(size).fill(-1))
  positions.forEach((globals, evaluation) => {
    const {jury, table} = evaluations[evaluation] as Evaluation
    globals.forEach((global, local) => {
      ;(values[evaluation] as Float64Array)[global] = jury[local] as number
      if (local < table.riddles.length) (rows[evaluation] as Int32Array)[global] = local
    })
  })
  return {ids: index.ids, values, rows}
}
