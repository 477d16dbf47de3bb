import type {PoolStratum} from './calibration.js'
import type {JuryStratum, LabelStratum} from './resample.js'
import {UserError} from '../errors.js'

/** Riddles whose jury value has no stratum in the pool, and the pool values used instead. */
export interface Remapped {
  jury_value: number
  riddles: number
  /** The nearest pool value; two when the jury value lies halfway (their rows are pooled). */
  mapped_to: number[]
}

/**
 * Pairs each jury value with the pool rows of the same value. A value the pool lacks (a riddle
 * with a missing verdict: 1/2 from two judges) takes the nearest pool value, or both neighbours'
 * rows pooled when halfway, instead of crashing like the original; every such case is reported.
 */
export function labelStrata(jury: readonly JuryStratum[], pool: ReadonlyMap<number, PoolStratum>): {strata: LabelStratum[]; remapped: Remapped[]} {
  const poolValues = [...pool.keys()]
  if (poolValues.length === 0) throw new UserError('the calibration pool is empty once the evaluated provider is left out: pass a calibration file with rows of other providers')
  const strata: LabelStratum[] = []
  const remapped: Remapped[] = []
  for (const {value, count} of jury) {
    const exact = pool.get(value)
    const targets = exact !== undefined ? [value] : nearest(poolValues, value)
    if (exact === undefined) remapped.push({jury_value: value, riddles: count, mapped_to: targets})
    let rows = 0
    let positives = 0
    for (const target of targets) {
      const stratum = pool.get(target) as PoolStratum
      rows += stratum.rows
      positives += stratum.positives
    }
    strata.push({count, labelMean: positives / rows})
  }
  return {strata, remapped}
}

function nearest(values: readonly number[], value: number): number[] {
  const distance = Math.min(...values.map((candidate) => Math.abs(candidate - value)))
  // 1/2 lies at the same distance from 1/3 and 2/3 up to rounding: treat near-equal as a tie.
  return values.filter((candidate) => Math.abs(candidate - value) - distance < 1e-9).sort((a, b) => a - b)
}
