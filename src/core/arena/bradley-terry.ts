import type {PairTable} from './battle-counts.js'

/** Elo points per natural-log unit of odds: 400 points per factor of 10. */
export const ELO_PER_NAT = 400 / Math.LN10

/**
 * A normal prior on each strength, sd 1000 Elo points. Without one, a model that won (or lost)
 * every battle has no finite maximum-likelihood rating, and bootstrap replicates hit that by
 * chance; with it such a rating is large but finite. Its pull is about 1 / (sd^2 * information):
 * for a model with 100 even battles, under 0.1 Elo point.
 */
export const PRIOR_SD_ELO = 1000
const PRIOR_PRECISION = (ELO_PER_NAT / PRIOR_SD_ELO) ** 2

/** Strengths in natural-log units, centred (they sum to zero). */
export type Strengths = Float64Array

export interface FitOptions {
  /** Start from these (a bootstrap replicate starts from the full data's fit). */
  start?: Strengths
  /** Stop when no strength moves more than this (natural-log units). */
  tolerance?: number
}

/**
 * Bradley-Terry by maximum likelihood (with the weak prior above), ties as half a win: Newton's
 * method on the log-likelihood, which is concave, with step halving when a step overshoots.
 * Works on counts per pair, so its cost does not depend on the number of battles.
 */
export function fitBradleyTerry(table: PairTable, options: FitOptions = {}): Strengths {
  const n = table.models.length
  const strengths = options.start === undefined ? new Float64Array(n) : Float64Array.from(options.start)
  const tolerance = options.tolerance ?? 1e-10
  const gradient = new Float64Array(n)
  const information = new Float64Array(n * n)
  const step = new Float64Array(n)
  let objective = logPosterior(table, strengths)
  for (let iteration = 0; iteration < 200; iteration += 1) {
    gradientAndInformation(table, strengths, gradient, information)
    choleskyInPlace(information, n)
    solveCholesky(information, n, gradient, step)
    let scale = 1
    let candidate = addScaled(strengths, step, scale)
    let value = logPosterior(table, candidate)
    while (value < objective - 1e-12 * Math.abs(objective) && scale > 1e-6) {
      scale /= 2
      candidate = addScaled(strengths, step, scale)
      value = logPosterior(table, candidate)
    }
    strengths.set(candidate)
    objective = value
    if (maxAbs(step) * scale < tolerance) break
  }
  return strengths
}

/**
 * Refits many tables that differ little from one (bootstrap replicates): Newton's chord method,
 * which keeps the information matrix of the full data, factored once, and so costs one gradient
 * and two triangular solves an iteration instead of a factorization. A replicate it does not
 * settle in `maxIterations` (a small sample far from the full data) gets the full Newton fit.
 */
export class ChordRefitter {
  private readonly factor: Float64Array
  private readonly gradient: Float64Array
  private readonly step: Float64Array

  constructor(
    private readonly base: PairTable,
    private readonly center: Strengths,
    private readonly maxIterations = 40,
  ) {
    const n = base.models.length
    this.gradient = new Float64Array(n)
    this.step = new Float64Array(n)
    this.factor = new Float64Array(n * n)
    gradientAndInformation(base, center, this.gradient, this.factor)
    choleskyInPlace(this.factor, n)
  }

  /**
   * Strengths for `outcomes` (same pairs as the base table, other counts), written into `into`,
   * within about `tolerance` (natural-log units) of the exact fit. The chord method converges
   * linearly: each step is some ratio r of the one before, so after a step s the error left is
   * about s r / (1 - r). It stops once both s and that are under `tolerance`: on a million battles
   * r is 0.02 to 0.3 and s decides; on a few dozen, r nears 1 and the second test keeps going.
   */
  refit(outcomes: Float64Array, into: Strengths, tolerance = 1e-8): Strengths {
    const n = this.center.length
    const table: PairTable = {...this.base, outcomes}
    into.set(this.center)
    let previous = 0
    for (let iteration = 0; iteration < this.maxIterations; iteration += 1) {
      gradientAndInformation(table, into, this.gradient)
      solveCholesky(this.factor, n, this.gradient, this.step)
      let largest = 0
      for (let index = 0; index < n; index += 1) {
        into[index]! += this.step[index]!
        largest = Math.max(largest, Math.abs(this.step[index]!))
      }
      // The ratio needs two steps; a step a thousandth of the tolerance (the fit already reached) ends it alone.
      const ratio = iteration === 0 ? 1 : largest / previous
      const left = ratio < 1 ? (largest * ratio) / (1 - ratio) : Number.POSITIVE_INFINITY
      if (largest < tolerance && (left < tolerance || largest < tolerance / 1000)) return into
      if (!Number.isFinite(largest) || largest > 50) break
      previous = largest
    }
    into.set(fitBradleyTerry(table, {start: this.center, tolerance}))
    return into
  }
}

/** Solves I x = right, with I the information matrix of `table` at `strengths` (the fit's own system). */
export function solveInformation(table: PairTable, strengths: Strengths, right: Float64Array): Float64Array {
  const n = strengths.length
  const information = new Float64Array(n * n)
  gradientAndInformation(table, strengths, new Float64Array(n), information)
  choleskyInPlace(information, n)
  const solution = new Float64Array(n)
  solveCholesky(information, n, right, solution)
  return solution
}

/** Penalized log-likelihood. */
export function logPosterior(table: PairTable, strengths: Strengths): number {
  let total = 0
  const {first, second, outcomes} = table
  for (let pair = 0; pair < first.length; pair += 1) {
    const difference = strengths[first[pair]!]! - strengths[second[pair]!]!
    const score = outcomes[pair * 3]! + outcomes[pair * 3 + 2]! / 2
    const battles = outcomes[pair * 3]! + outcomes[pair * 3 + 1]! + outcomes[pair * 3 + 2]!
    total += score * logSigmoid(difference) + (battles - score) * logSigmoid(-difference)
  }
  let squares = 0
  for (const strength of strengths) squares += strength * strength
  return total - (PRIOR_PRECISION / 2) * squares
}

/**
 * The gradient of the penalized log-likelihood, and when `information` is given the information
 * matrix (minus its Hessian) too: the chord refits of the bootstrap need the gradient alone.
 */
function gradientAndInformation(table: PairTable, strengths: Strengths, gradient: Float64Array, information?: Float64Array): void {
  const n = strengths.length
  information?.fill(0)
  for (let index = 0; index < n; index += 1) {
    gradient[index] = -PRIOR_PRECISION * strengths[index]!
    if (information !== undefined) information[index * n + index] = PRIOR_PRECISION
  }
  const {first, second, outcomes} = table
  for (let pair = 0; pair < first.length; pair += 1) {
    const i = first[pair]!
    const j = second[pair]!
    const battles = outcomes[pair * 3]! + outcomes[pair * 3 + 1]! + outcomes[pair * 3 + 2]!
    if (battles === 0) continue
    const probability = sigmoid(strengths[i]! - strengths[j]!)
    const residual = outcomes[pair * 3]! + outcomes[pair * 3 + 2]! / 2 - battles * probability
    gradient[i]! += residual
    gradient[j]! -= residual
    if (information === undefined) continue
    const weight = battles * probability * (1 - probability)
    information[i * n + i]! += weight
    information[j * n + j]! += weight
    information[i * n + j]! -= weight
    information[j * n + i]! -= weight
  }
}

/** Lower-triangular Cholesky factor of a symmetric positive definite n x n matrix, in place (row-major, lower part). */
function choleskyInPlace(matrix: Float64Array, n: number): void {
  for (let row = 0; row < n; row += 1) {
    for (let column = 0; column <= row; column += 1) {
      let sum = matrix[row * n + column]!
      for (let k = 0; k < column; k += 1) sum -= matrix[row * n + k]! * matrix[column * n + k]!
      matrix[row * n + column] = row === column ? Math.sqrt(sum) : sum / matrix[column * n + column]!
    }
  }
}

/** Solves (L L^T) x = b with the factor from choleskyInPlace. */
function solveCholesky(factor: Float64Array, n: number, right: Float64Array, solution: Float64Array): void {
  for (let row = 0; row < n; row += 1) {
    let sum = right[row]!
    for (let k = 0; k < row; k += 1) sum -= factor[row * n + k]! * solution[k]!
    solution[row] = sum / factor[row * n + row]!
  }
  for (let row = n - 1; row >= 0; row -= 1) {
    let sum = solution[row]!
    for (let k = row + 1; k < n; k += 1) sum -= factor[k * n + row]! * solution[k]!
    solution[row] = sum / factor[row * n + row]!
  }
}

function addScaled(base: Strengths, step: Float64Array, scale: number): Float64Array {
  const result = new Float64Array(base.length)
  for (let index = 0; index < base.length; index += 1) result[index] = base[index]! + scale * step[index]!
  return result
}

function maxAbs(values: Float64Array): number {
  let largest = 0
  for (const value of values) largest = Math.max(largest, Math.abs(value))
  return largest
}

export function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value))
}

function logSigmoid(value: number): number {
  return value >= 0 ? -Math.log1p(Math.exp(-value)) : value - Math.log1p(Math.exp(value))
}

/** Strengths as Elo ratings with `anchor` at `anchorRating`. */
export function toElo(strengths: Strengths, anchor: number, anchorRating: number): Float64Array {
  const ratings = new Float64Array(strengths.length)
  for (let index = 0; index < strengths.length; index += 1) ratings[index] = anchorRating + ELO_PER_NAT * (strengths[index]! - strengths[anchor]!)
  return ratings
}
