import {basename} from 'node:path'

import type {ScoreField} from './judgement.js'
import {UserError, lineError} from '../errors.js'
import {readJsonl} from '../jsonl.js'
import {assertReadableFile} from '../jury/judge-files.js'

/** One human-labelled row of a `ppi_<split>.jsonl` file, for one field. */
export interface CalibrationRow {
  /** Provider of the model whose answer was labelled. */
  provider: string
  /** The human label: 1 correct, 0 not. */
  label: 0 | 1
  /** Per judge of CalibrationPool.judges: its verdict, or null when that judge sat out. */
  verdicts: (boolean | null)[]
}

/** The labelled rows of a calibration file (reference section 6). */
export interface CalibrationPool {
  file: string
  /** `llm` / `vlm` when the file is named `ppi_<split>.jsonl`. */
  split?: string
  /** Judge model names, from the `<field>_<judge>` columns. */
  judges: string[]
  rows: CalibrationRow[]
}

/** Pool rows sharing one jury value: how many, and how many a human labelled correct. */
export interface PoolStratum {
  rows: number
  positives: number
}

/** The human-label column of a field: `both_correct` -> `human_both_correct`, `is_answer_correct` -> `human_answer_correct`. */
export function humanLabelColumn(field: ScoreField): string {
  return `human_${field.replace(/^is_/, '')}`
}

/** Reads the labelled rows of a calibration file for one field; unlabelled rows are skipped. */
export async function readCalibrationPool(file: string, field: ScoreField): Promise<CalibrationPool> {
  await assertReadableFile(file, 'calibration file')
  const labelColumn = humanLabelColumn(field)
  const judgePrefix = `${field}_`
  const judgeIndex = new Map<string, number>()
  const labelled: {provider: string; label: 0 | 1; verdicts: Map<number, boolean | null>}[] = []
  for await (const {line, value} of readJsonl<Record<string, unknown>>(file)) {
    if (typeof value !== 'object' || value === null || typeof value.provider !== 'string') {
      throw lineError(file, line, 'provider', 'missing: a calibration row names the provider of the labelled model')
    }
    const label = value[labelColumn]
    if (label === null || label === undefined) continue
    if (typeof label !== 'boolean') throw lineError(file, line, labelColumn, 'must be true, false or null')
    const verdicts = new Map<number, boolean | null>()
    for (const [column, verdict] of Object.entries(value)) {
      if (!column.startsWith(judgePrefix)) continue
      if (verdict !== null && typeof verdict !== 'boolean') throw lineError(file, line, column, 'must be true, false or null')
      const judge = column.slice(judgePrefix.length)
      if (!judgeIndex.has(judge)) judgeIndex.set(judge, judgeIndex.size)
      verdicts.set(judgeIndex.get(judge) as number, verdict)
    }
    labelled.push({provider: value.provider, label: label ? 1 : 0, verdicts})
  }
  if (labelled.length === 0) {
    throw new UserError(`calibration file ${file} has no human labels for ${field} (column ${labelColumn}): pass a labelled ppi_<split>.jsonl, or drop --calibration for the plain bootstrap`)
  }
  if (judgeIndex.size === 0) {
    throw new UserError(`calibration file ${file} has no judge columns for ${field} (${judgePrefix}<judge>): pass a ppi_<split>.jsonl with per-judge verdicts`)
  }
  const judges = [...judgeIndex.keys()]
  const rows = labelled.map(({provider, label, verdicts}) => ({provider, label, verdicts: judges.map((_, index) => verdicts.get(index) ?? null)}))
  return {file, split: /^ppi_(.+)\.jsonl$/.exec(basename(file))?.[1], judges, rows}
}

/**
 * The pool's strata by jury value (the mean of a row's non-null judge verdicts), leaving out
 * rows of `excludeProvider` (a model is not calibrated on its own provider's answers) and,
 * for leave-one-judge-out scores, the verdicts of judge `excludeJudge`.
 */
export function poolStrata(pool: CalibrationPool, excludeProvider: string, excludeJudge?: number): Map<number, PoolStratum> {
  const strata = new Map<number, PoolStratum>()
  for (const row of pool.rows) {
    if (row.provider === excludeProvider) continue
    let judged = 0
    let positive = 0
    row.verdicts.forEach((verdict, judge) => {
      if (verdict === null || judge === excludeJudge) return
      judged += 1
      if (verdict) positive += 1
    })
    if (judged === 0) continue
    const value = positive / judged
    const stratum = strata.get(value) ?? {rows: 0, positives: 0}
    stratum.rows += 1
    stratum.positives += row.label
    strata.set(value, stratum)
  }
  return strata
}
