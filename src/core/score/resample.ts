import type {Random} from './random.js'

/** Riddles sharing one jury value (0, 1/3, 2/3, 1 with three judges). */
export interface JuryStratum {
  value: number
  count: number
}

/** A calibration stratum: how many riddles to draw, and the mean human label of its pool rows. */
export interface LabelStratum {
  count: number
  labelMean: number
  /** Pool rows behind `labelMean`; infinite where the label is certain (a refused answer is wrong). */
  rows: number
}

/**
 * Bootstrap replicates of the mean jury value over riddles. Resampling n riddles with
 * replacement only changes how many land on each distinct value, a multinomial drawn here as
 * sequential binomials: a replicate costs one draw per distinct value, not one per riddle.
 */
export function bootstrapMeans(strata: readonly JuryStratum[], resamples: number, random: Random): Float64Array {
  const total = strata.reduce((sum, stratum) => sum + stratum.count, 0)
  const replicates = new Float64Array(resamples)
  for (let replicate = 0; replicate < resamples; replicate++) {
    let remainingDraws = total
    let remainingCount = total
    let weighted = 0
    for (const stratum of strata) {
      if (remainingDraws === 0) break
      const drawn = stratum.count === remainingCount ? remainingDraws : random.binomial(remainingDraws, stratum.count / remainingCount)
      weighted += drawn * stratum.value
      remainingDraws -= drawn
      remainingCount -= stratum.count
    }
    replicates[replicate] = weighted / total
  }
  return replicates
}

/**
 * Calibrated replicates (reference section 5): for each stratum draw `count` pool rows with
 * replacement and average their human labels. Labels are 0 or 1, so the number of positive
 * draws is Binomial(count, labelMean): one draw per stratum per replicate.
 */
export function calibratedMeans(strata: readonly LabelStratum[], resamples: number, random: Random): Float64Array {
  const total = strata.reduce((sum, stratum) => sum + stratum.count, 0)
  const replicates = new Float64Array(resamples)
  for (let replicate = 0; replicate < resamples; replicate++) {
    let positives = 0
    for (const stratum of strata) positives += random.binomial(stratum.count, stratum.labelMean)
    replicates[replicate] = positives / total
  }
  return replicates
}
