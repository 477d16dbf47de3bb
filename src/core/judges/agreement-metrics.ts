import {mcnemarExact} from '../compare/paired-statistics.js'
import {wilsonInterval, type Interval} from '../score/interval.js'
import {Random} from '../score/random.js'
import {cohenKappa, percentileInterval} from '../score/stats.js'

/** A judge's verdicts against people's labels, "correct" being the positive class. */
export interface Confusion {
  /** Judge correct, people correct. */
  tp: number
  /** Judge correct, people wrong. */
  fp: number
  /** Judge wrong, people correct. */
  fn: number
  /** Judge wrong, people wrong. */
  tn: number
}

/** A figure with its 95% interval; null when it is undefined on these counts (no positive verdict for precision...). */
export interface Estimate {
  value: number | null
  low: number | null
  high: number | null
}

export interface AgreementMetrics {
  /** Answers with both a verdict and a label. */
  n: number
  confusion: Confusion
  accuracy: Estimate
  precision: Estimate
  recall: Estimate
  f1: Estimate
  cohen_kappa: Estimate
}

/** Resamples of the bootstrap intervals of F1 and kappa. */
export const BOOTSTRAP_RESAMPLES = 2000

export function confusionOf(pairs: readonly {verdict: boolean; label: boolean}[]): Confusion {
  const confusion = {tp: 0, fp: 0, fn: 0, tn: 0}
  for (const {verdict, label} of pairs) {
    if (verdict && label) confusion.tp += 1
    else if (verdict) confusion.fp += 1
    else if (label) confusion.fn += 1
    else confusion.tn += 1
  }
  return confusion
}

export function f1Of({tp, fp, fn}: Confusion): number | null {
  return 2 * tp + fp + fn === 0 ? null : (2 * tp) / (2 * tp + fp + fn)
}

export function kappaOf({tp, fp, fn, tn}: Confusion): number | null {
  return cohenKappa({bothTrue: tp, onlyFirst: fp, onlySecond: fn, bothFalse: tn}).kappa
}

/**
 * Accuracy, precision and recall are proportions: Wilson's interval with continuity correction
 * (score/interval.ts, the interval of bench's scores). F1 and kappa are not: a percentile
 * bootstrap over the answers, drawn as a multinomial over the four cells of the table (seeded).
 */
export function agreementMetrics(confusion: Confusion, seed: number): AgreementMetrics {
  const {tp, fp, fn, tn} = confusion
  const n = tp + fp + fn + tn
  const cells = [tp, fp, fn, tn]
  const replicates = bootstrap(cells, seed, (drawn) => {
    const table = {tp: drawn[0]!, fp: drawn[1]!, fn: drawn[2]!, tn: drawn[3]!}
    return [f1Of(table), kappaOf(table)]
  })
  return {
    n,
    confusion,
    accuracy: proportion(tp + tn, n),
    precision: proportion(tp, tp + fp),
    recall: proportion(tp, tp + fn),
    f1: withInterval(f1Of(confusion), replicates[0]!),
    cohen_kappa: withInterval(kappaOf(confusion), replicates[1]!),
  }
}

/** Two judges over the same answers, each verdict against the same label. */
export interface PairedComparison {
  n: number
  /** Answers only the first got right (agreed with people), and only the second. */
  first_only: number
  second_only: number
  /** Exact McNemar test on those: can the data tell their accuracy apart? */
  mcnemar_p: number
  /** First's kappa minus second's, with a paired bootstrap interval (the same answers resampled for both). */
  kappa_difference: Estimate
}

/** Per answer: the two judges' verdicts and the label. */
export interface PairedVerdict {
  first: boolean
  second: boolean
  label: boolean
}

export function pairedComparison(pairs: readonly PairedVerdict[], seed: number): PairedComparison {
  // Eight cells: first verdict x second verdict x label.
  const cells = new Array<number>(8).fill(0)
  for (const {first, second, label} of pairs) cells[(first ? 4 : 0) + (second ? 2 : 0) + (label ? 1 : 0)]! += 1
  const tables = (counts: ArrayLike<number>): [Confusion, Confusion] => {
    const firstTable = {tp: 0, fp: 0, fn: 0, tn: 0}
    const secondTable = {tp: 0, fp: 0, fn: 0, tn: 0}
    for (let cell = 0; cell < 8; cell++) {
      const count = counts[cell]!
      const label = (cell & 1) === 1
      add(firstTable, (cell & 4) === 4, label, count)
      add(secondTable, (cell & 2) === 2, label, count)
    }
    return [firstTable, secondTable]
  }
  const difference = (counts: ArrayLike<number>): number | null => {
    const [a, b] = tables(counts).map(kappaOf)
    return a === null || b === null || a === undefined || b === undefined ? null : a - b
  }
  let firstOnly = 0
  let secondOnly = 0
  for (const {first, second, label} of pairs) {
    if (first === label && second !== label) firstOnly += 1
    if (second === label && first !== label) secondOnly += 1
  }
  const [replicates] = bootstrap(cells, seed, (drawn) => [difference(drawn)])
  return {n: pairs.length, first_only: firstOnly, second_only: secondOnly, mcnemar_p: mcnemarExact(firstOnly, secondOnly), kappa_difference: withInterval(difference(cells), replicates!)}
}

function add(table: Confusion, verdict: boolean, label: boolean, count: number): void {
  if (verdict && label) table.tp += count
  else if (verdict) table.fp += count
  else if (label) table.fn += count
  else table.tn += count
}

function proportion(successes: number, trials: number): Estimate {
  if (trials === 0) return {value: null, low: null, high: null}
  const interval: Interval = wilsonInterval(successes / trials, trials)
  return {value: successes / trials, low: interval.low, high: interval.high}
}

/** Each statistic's replicates over multinomial resamples of the cells; undefined replicates are dropped. */
function bootstrap(cells: readonly number[], seed: number, statistics: (drawn: Float64Array) => (number | null)[]): Float64Array[] {
  const n = cells.reduce((sum, count) => sum + count, 0)
  const random = new Random(seed)
  const drawn = new Float64Array(cells.length)
  const collected: number[][] = []
  for (let resample = 0; resample < BOOTSTRAP_RESAMPLES && n > 0; resample++) {
    multinomial(random, cells, n, drawn)
    statistics(drawn).forEach((value, index) => {
      collected[index] ??= []
      if (value !== null) collected[index].push(value)
    })
  }
  return (collected.length === 0 ? [[], []] : collected).map((values) => Float64Array.from(values).sort())
}

/** `total` items spread over the cells in proportion to their counts: a binomial per cell on what is left. */
function multinomial(random: Random, cells: readonly number[], total: number, into: Float64Array): void {
  let trials = total
  let mass = total
  cells.forEach((count, cell) => {
    const drawn = trials === 0 || count === 0 ? 0 : count >= mass ? trials : random.binomial(trials, count / mass)
    into[cell] = drawn
    trials -= drawn
    mass -= count
  })
}

/** A statistic with the percentile interval of its replicates; no interval when most replicates lack it. */
function withInterval(value: number | null, replicates: Float64Array): Estimate {
  if (value === null || replicates.length < BOOTSTRAP_RESAMPLES / 2) return {value, low: null, high: null}
  const {low, high} = percentileInterval(replicates)
  return {value, low, high}
}
