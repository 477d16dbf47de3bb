import type {LoadContext} from './benchmark.js'
import type {RawRow} from './row-fields.js'
import {hubRows, readRows, type RowFormat} from './sources.js'
import {UserError} from '../errors.js'

export interface Splits<Row> {
  /** The evaluated split's rows, checked, in file order. */
  rows: Row[]
  /** The first `context.shots` rows of the split examples come from. */
  shots: Row[]
  files: string[]
}

/**
 * A benchmark whose evaluated split is one file (or a few on the Hub): its rows from `--dataset`
 * or the Hub, each checked by `parse`, and its worked examples from `--shots-dataset` or the Hub's
 * split for them. With `--dataset` the examples must be local too: mixing sources unseen could
 * put a test question among the examples.
 */
export async function loadSplits<Row>(benchmark: string, format: RowFormat, context: LoadContext, parse: (raw: RawRow) => Row): Promise<Splits<Row>> {
  const test = context.datasetPath === undefined ? await hubRows(benchmark, 'files') : {rows: await readRows(context.datasetPath, format), files: [context.datasetPath]}
  if (context.shots === 0) return {rows: test.rows.map(parse), shots: [], files: test.files}
  if (context.datasetPath !== undefined && context.shotsPath === undefined) {
    throw new UserError(`--shots with --dataset needs the split the examples come from too: pass --shots-dataset FILE`)
  }
  const shots = context.shotsPath === undefined ? await hubRows(benchmark, 'shot_files') : {rows: await readRows(context.shotsPath, format), files: [context.shotsPath]}
  if (shots.rows.length < context.shots) throw new UserError(`--shots ${context.shots}: ${shots.files.join(', ')} holds ${shots.rows.length} examples; ask for at most ${shots.rows.length}`)
  return {rows: test.rows.map(parse), shots: shots.rows.slice(0, context.shots).map(parse), files: [...test.files, ...shots.files]}
}

/** `<prefix>-0001`: ids every vendor takes (letters, digits, `-`), in file order. */
export function numberedId(prefix: string, index: number): string {
  return `${prefix}-${String(index + 1).padStart(4, '0')}`
}
