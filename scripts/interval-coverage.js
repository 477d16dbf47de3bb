// How often does `bench score`'s 95% interval hold the true score? A simulation, for the sizes and
// scores of issue 14: n in {30, 50, 200, 1000} riddles x true score in {0.05, 0.1, 0.5, 0.9, 0.95}.
// Run after `npm run build` (it measures the code in dist/, the code that ships):
//
//   node scripts/interval-coverage.js [--runs 20000] [--judge-error 0.015] [--seed 1] [--bootstrap-runs 2000]
//
// The model. Each riddle is solved or not; each of 3 judges gets it wrong with probability
// --judge-error, independently (0.015 splits the jury on 4.4% of riddles: on the published llm
// data the judges split on 0 to 6.5% per model). A riddle's jury value is the share of judges
// saying "correct"; the plain score is their mean, whose truth is the expected jury value
// (the cell's score). The calibrated score takes, for each jury value, the mean human label of a
// pool of 500 labelled answers of other models (73% correct, as in ppi_llm.jsonl, judged the same
// way), and its truth is the model's human-labelled score (the cell's score).
//
// Printed: the coverage of each method in every cell, then the smallest and the mean over cells.
import {Random} from '../dist/core/score/random.js'
import {bootstrapMeans, calibratedMeans} from '../dist/core/score/resample.js'
import {calibratedFullInterval, calibratedMean, labelStrata} from '../dist/core/score/calibrated.js'
import {juryInterval, moments, wilsonInterval} from '../dist/core/score/interval.js'
import {percentileInterval} from '../dist/core/score/stats.js'

const SIZES = [30, 50, 200, 1000]
const SCORES = [0.05, 0.1, 0.5, 0.9, 0.95]
const JUDGES = 3
const POOL_ROWS = 500
const POOL_SCORE = 0.73
const RESAMPLES = 1000

const options = readOptions(process.argv.slice(2))
const random = new Random(options.seed)
const error = options.judgeError

/** Riddles by how many judges said "correct" (0 to JUDGES), for `count` riddles of one truth. */
function juryCounts(count, solved, into) {
  const sayCorrect = solved ? 1 - error : error
  let left = count
  for (let positives = JUDGES; positives > 0 && left > 0; positives--) {
    // Sequential binomials: the multinomial over the number of judges saying "correct".
    const p = binomialPmf(JUDGES, positives, sayCorrect)
    const rest = cumulative(JUDGES, positives, sayCorrect)
    const drawn = rest <= 0 ? 0 : random.binomial(left, Math.min(1, p / rest))
    into[positives] += drawn
    left -= drawn
  }
  into[0] += left
}

function binomialPmf(n, k, p) {
  let coefficient = 1
  for (let i = 0; i < k; i++) coefficient = (coefficient * (n - i)) / (i + 1)
  return coefficient * p ** k * (1 - p) ** (n - k)
}

/** P(X <= k) for X ~ Binomial(n, p). */
function cumulative(n, k, p) {
  let total = 0
  for (let i = 0; i <= k; i++) total += binomialPmf(n, i, p)
  return total
}

/** One model's riddles: the jury's strata, after drawing which riddles it solved. */
function drawJury(n, solvedShare) {
  const solved = random.binomial(n, solvedShare)
  const counts = new Array(JUDGES + 1).fill(0)
  juryCounts(solved, true, counts)
  juryCounts(n - solved, false, counts)
  return counts
}

const toStrata = (counts) => counts.map((count, positives) => ({value: positives / JUDGES, count})).filter((stratum) => stratum.count > 0)

/** A labelled pool: per jury value, its rows and how many a human labelled correct. */
function drawPool() {
  const pool = new Map()
  const solved = random.binomial(POOL_ROWS, POOL_SCORE)
  for (const [rows, label] of [[solved, 1], [POOL_ROWS - solved, 0]]) {
    const counts = new Array(JUDGES + 1).fill(0)
    juryCounts(rows, label === 1, counts)
    counts.forEach((count, positives) => {
      if (count === 0) return
      const stratum = pool.get(positives / JUDGES) ?? {rows: 0, positives: 0}
      stratum.rows += count
      stratum.positives += label * count
      pool.set(positives / JUDGES, stratum)
    })
  }
  return pool
}

const covers = (interval, truth) => interval.low <= truth + 1e-12 && truth <= interval.high + 1e-12

/** Coverage of each method in one cell. */
function cell(n, score) {
  // Plain score: the truth is the expected jury value, so the share solved is set to give it.
  const solvedShare = (score - error) / (1 - 2 * error)
  const hits = {bench: 0, onRiddles: 0, unshrunk: 0, uncorrected: 0, bootstrap: 0, fullCalibrated: 0, fullWithoutPool: 0, published: 0}
  for (let run = 0; run < options.runs; run++) {
    const strata = toStrata(drawJury(n, solvedShare))
    const chosen = juryInterval(strata, JUDGES)
    if (covers(chosen, score)) hits.bench += 1
    if (covers(wilsonInterval(chosen.mean, n), score)) hits.onRiddles += 1
    if (covers(unshrunk(strata), score)) hits.unshrunk += 1
    if (covers(wilsonUncorrected(chosen.mean, n), score)) hits.uncorrected += 1

    // Calibrated: the truth is the human-labelled score.
    const labelled = toStrata(drawJury(n, score))
    const {strata: withLabels} = labelStrata(labelled, drawPool())
    if (covers(calibratedFullInterval(withLabels), score)) hits.fullCalibrated += 1
    if (covers(wilsonInterval(calibratedMean(withLabels), n), score)) hits.fullWithoutPool += 1
    if (run < options.bootstrapRuns) {
      if (covers(percentileInterval(bootstrapMeans(strata, RESAMPLES, random)), score)) hits.bootstrap += 1
      if (covers(percentileInterval(calibratedMeans(withLabels, RESAMPLES, random)), score)) hits.published += 1
    }
  }
  const share = (count, runs) => (100 * count) / runs
  return {
    bench: share(hits.bench, options.runs),
    onRiddles: share(hits.onRiddles, options.runs),
    unshrunk: share(hits.unshrunk, options.runs),
    uncorrected: share(hits.uncorrected, options.runs),
    bootstrap: share(hits.bootstrap, options.bootstrapRuns),
    fullCalibrated: share(hits.fullCalibrated, options.runs),
    fullWithoutPool: share(hits.fullWithoutPool, options.runs),
    published: share(hits.published, options.bootstrapRuns),
  }
}

/** The effective number of trials from the jury values' variance, not shrunk: a candidate that fell short at 30 riddles. */
function unshrunk(strata) {
  const {n, mean, variance} = moments(strata)
  const bernoulli = mean * (1 - mean)
  const trials = bernoulli === 0 ? n : variance === 0 ? n * JUDGES : Math.min(n * JUDGES, (n * bernoulli) / variance)
  return wilsonInterval(mean, trials)
}

/** Wilson's interval without the continuity correction, on n riddles: a candidate that fell short with unanimous judges. */
function wilsonUncorrected(p, n) {
  const z = 1.959963984540054
  const denominator = 1 + (z * z) / n
  const center = (p + (z * z) / (2 * n)) / denominator
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator
  return {low: center - half, high: center + half}
}

const METHODS = {
  bench: 'jury mean, Wilson with continuity correction, effective n from the shrunk variance (bench)',
  onRiddles: 'jury mean, Wilson with continuity correction on n riddles',
  unshrunk: 'jury mean, Wilson with continuity correction, effective n from the variance unshrunk',
  uncorrected: 'jury mean, Wilson without continuity correction on n riddles',
  bootstrap: `jury mean, percentile bootstrap (bench before; ${options.bootstrapRuns} runs a cell)`,
  fullCalibrated: 'calibrated, --ci full (bench)',
  fullWithoutPool: 'calibrated, riddles resampled but pool rows taken as exact',
  published: `calibrated, published interval (labels only; ${options.bootstrapRuns} runs a cell)`,
}

const results = new Map()
for (const n of SIZES) for (const score of SCORES) results.set(`${n}/${score}`, cell(n, score))

console.log(`${options.runs} runs a cell, judge error ${error}, seed ${options.seed}\n`)
for (const [method, title] of Object.entries(METHODS)) {
  const values = [...results.values()].map((row) => row[method])
  console.log(`${title}: lowest ${Math.min(...values).toFixed(1)}%, mean ${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(1)}%`)
  console.log(`| n \\ true score | ${SCORES.join(' | ')} |`)
  console.log(`|---|${SCORES.map(() => '---:').join('|')}|`)
  for (const n of SIZES) console.log(`| ${n} | ${SCORES.map((score) => results.get(`${n}/${score}`)[method].toFixed(1)).join(' | ')} |`)
  console.log('')
}

function readOptions(args) {
  const parsed = {runs: 20_000, judgeError: 0.015, seed: 1, bootstrapRuns: 2000}
  const names = {'--runs': 'runs', '--judge-error': 'judgeError', '--seed': 'seed', '--bootstrap-runs': 'bootstrapRuns'}
  for (let index = 0; index < args.length; index += 2) {
    const key = names[args[index]]
    const value = Number(args[index + 1])
    if (key === undefined || !Number.isFinite(value)) {
      console.error(`usage: node scripts/interval-coverage.js [--runs N] [--judge-error P] [--seed N] [--bootstrap-runs N] (got ${args[index]} ${args[index + 1] ?? ''})`)
      process.exit(2)
    }
    parsed[key] = value
  }
  parsed.bootstrapRuns = Math.min(parsed.bootstrapRuns, parsed.runs)
  return parsed
}
