import {agreementMetrics, confusionOf, pairedComparison, type AgreementMetrics, type PairedComparison} from './agreement-metrics.js'
import {CORRECT, type CandidatesPrepared} from './candidate-batches.js'
import type {LabelledSet} from './labels.js'
import type {BatchManifest} from '../batch/manifest.js'
import {medianAndP95} from '../compare/prediction-summary.js'
import {readJsonl} from '../jsonl.js'
import {repeatConsistency, ruledVerdict, type RepeatConsistency} from '../jury/repeat-consistency.js'
import {REPEAT_RULE, parseRepeatId} from '../jury/repeats.js'
import {isWithheldCode} from '../jury/withheld.js'
import {costOfUsage} from '../pricing/cost.js'
import {findPrice, type PriceTable} from '../pricing/price-table.js'
import type {ResultLine} from '../results/result.js'
import {parseRubricVerdict} from '../rubric/rubric-request.js'
import {cohenKappa} from '../score/stats.js'

/** What went wrong with a candidate's requests: no verdict came of them. */
export interface VerdictErrors {
  requests: number
  /** The request failed (vendor error, expiry, rate limit...). */
  failed: number
  /** Refused, blocked or cut at the token limit. */
  refused: number
  /** Answered, but not with a verdict (not the JSON asked, a field missing or of the wrong type). */
  unparsed: number
  /** (failed + refused + unparsed) / requests. */
  rate: number
}

export interface CandidateRow {
  candidate: string
  provider: string
  model: string
  batches: string[]
  /** Against people, with the verdict of each answer made from its repeats by the stated rule. */
  metrics: AgreementMetrics
  /** Labelled answers on which no repeat gave a verdict: left out of the metrics. */
  no_verdict: number
  consistency: RepeatConsistency
  errors: VerdictErrors
  /** Seconds from batch creation to its end, per 1,000 requests (vendor batches; null when the vendor gave no times). */
  turnaround_seconds_per_1000: number | null
  /** Endpoints: each request's latency, in milliseconds. */
  latency_ms: {median: number; p95: number} | null
  /** At batch prices; `unknown` when the model has no price or a line no usage. */
  cost_per_1000_verdicts: number | 'unknown'
}

export interface CandidatesReport {
  name: string
  labels: {file: string; kind: LabelledSet['kind']; answers: number; unlabelled: number; positives: number}
  criterion: string
  repeats: number
  repeat_rule: typeof REPEAT_RULE
  seed: number
  candidates: CandidateRow[]
  /** Cohen's kappa between each pair of candidates, on the answers both gave a verdict on. */
  agreement: {first: string; second: string; n: number; cohen_kappa: number | null}[]
  /** The closing judgement: the cheapest candidate near enough to the best. */
  choice: Choice | null
}

export interface Choice {
  /** Kappa against people within this much of the best counts as good enough. */
  margin: number
  best: string
  /** The cheapest candidate (known cost) whose kappa is within the margin of the best; absent when no such cost is known. */
  cheapest?: string
  /** The paired comparison of the cheapest with the best on the answers both judged (absent when they are the same). */
  versus_best?: PairedComparison
  /** True when the paired tests find a difference (McNemar p < 0.05, or the kappa difference's interval excludes 0). */
  distinguishable?: boolean
  /** Candidates left out of the choice because their cost is unknown. */
  unknown_cost: string[]
}

interface CandidateVerdicts {
  /** Per labelled answer (in the set's order): each repeat's verdict, 1 correct, 0 not. */
  items: (number | undefined)[][]
  errors: Omit<VerdictErrors, 'rate'>
  latencies: number[]
  cost: number | 'unknown'
}

export async function candidatesReport(
  prepared: CandidatesPrepared,
  set: LabelledSet,
  options: {repeats: number; margin: number; seed: number; prices: PriceTable},
): Promise<CandidatesReport> {
  const index = new Map(set.items.map((item, position) => [item.id, position]))
  const rows: CandidateRow[] = []
  const ruled: (boolean | undefined)[][] = []
  for (const {candidate, manifests} of prepared.candidates) {
    const read = await readVerdicts(manifests, index, options.repeats, options.prices)
    const verdicts = read.items.map((item) => ruledVerdict(item.slice(0, options.repeats)))
    ruled.push(verdicts.map((verdict) => (verdict === undefined ? undefined : verdict === 1)))
    const pairs = set.items.flatMap((item, position) => (verdicts[position] === undefined ? [] : [{verdict: verdicts[position] === 1, label: item.label}]))
    const failures = read.errors.failed + read.errors.refused + read.errors.unparsed
    rows.push({
      candidate: candidate.target.label,
      provider: candidate.target.endpoint ?? candidate.target.provider,
      model: candidate.target.model,
      batches: manifests.map((manifest) => manifest.name),
      metrics: agreementMetrics(confusionOf(pairs), options.seed),
      no_verdict: set.items.length - pairs.length,
      consistency: repeatConsistency(read.items, options.repeats),
      errors: {...read.errors, rate: read.errors.requests === 0 ? 0 : failures / read.errors.requests},
      turnaround_seconds_per_1000: turnaround(manifests),
      latency_ms: read.latencies.length === 0 ? null : medianAndP95(read.latencies),
      cost_per_1000_verdicts: read.cost === 'unknown' || read.errors.requests === 0 ? 'unknown' : (1000 * read.cost) / read.errors.requests,
    })
  }
  return {
    name: prepared.name,
    labels: {file: set.file, kind: set.kind, answers: set.items.length, unlabelled: set.unlabelled, positives: set.items.filter((item) => item.label).length},
    criterion: set.criterion,
    repeats: options.repeats,
    repeat_rule: REPEAT_RULE,
    seed: options.seed,
    candidates: rows,
    agreement: agreementMatrix(rows, ruled),
    choice: choose(rows, ruled, set, options),
  }
}

/** Reads a candidate's results files: each answer's verdict per repeat, and what went wrong. */
async function readVerdicts(manifests: readonly BatchManifest[], index: Map<string, number>, repeats: number, prices: PriceTable): Promise<CandidateVerdicts> {
  const items: (number | undefined)[][] = Array.from({length: index.size}, () => new Array<number | undefined>(repeats).fill(undefined))
  const errors = {requests: 0, failed: 0, refused: 0, unparsed: 0}
  const latencies: number[] = []
  let cost: number | 'unknown' = 0
  for (const manifest of manifests) {
    const criteria = manifest.grading!.criteria
    const price = findPrice(prices, manifest.provider, manifest.model)
    for await (const {value} of readJsonl<ResultLine>(manifest.results!.file)) {
      const {id, repeat} = parseRepeatId(value.custom_id)
      const position = index.get(id)
      // Repeats beyond those asked for this report (an earlier run asked more) are left out.
      if (position === undefined || repeat > repeats) continue
      errors.requests += 1
      if (typeof value.latency_ms === 'number') latencies.push(value.latency_ms)
      // Lines without usage were not billed (cost.ts): the bill is the sum over lines with usage.
      if (price === undefined) cost = 'unknown'
      else if (cost !== 'unknown' && value.usage !== undefined) cost += costOfUsage(price, value.usage) as number
      if (!value.ok || typeof value.text !== 'string') {
        if (isWithheldCode(value.error?.code)) errors.refused += 1
        else errors.failed += 1
        continue
      }
      const verdict = parseRubricVerdict(value.text, criteria)
      if (verdict === undefined) {
        errors.unparsed += 1
        continue
      }
      items[position]![repeat - 1] = verdict[CORRECT]
    }
  }
  return {items, errors, latencies, cost}
}

/** Seconds from creation to end per 1,000 requests, summed over the candidate's batches. */
function turnaround(manifests: readonly BatchManifest[]): number | null {
  let seconds = 0
  let requests = 0
  for (const manifest of manifests) {
    const {created_at: created, ended_at: ended} = manifest.last_status ?? {}
    if (manifest.endpoint !== undefined || created === undefined || ended === undefined) return null
    seconds += (Date.parse(ended) - Date.parse(created)) / 1000
    requests += manifest.requests
  }
  return requests === 0 ? null : (1000 * seconds) / requests
}

function agreementMatrix(rows: readonly CandidateRow[], ruled: readonly (boolean | undefined)[][]): CandidatesReport['agreement'] {
  const matrix: CandidatesReport['agreement'] = []
  for (let first = 0; first < rows.length; first++) {
    for (let second = first + 1; second < rows.length; second++) {
      const table = {bothTrue: 0, onlyFirst: 0, onlySecond: 0, bothFalse: 0}
      ruled[first]!.forEach((a, item) => {
        const b = ruled[second]![item]
        if (a === undefined || b === undefined) return
        if (a && b) table.bothTrue += 1
        else if (a) table.onlyFirst += 1
        else if (b) table.onlySecond += 1
        else table.bothFalse += 1
      })
      const {n, kappa} = cohenKappa(table)
      matrix.push({first: rows[first]!.candidate, second: rows[second]!.candidate, n, cohen_kappa: kappa})
    }
  }
  return matrix
}

/**
 * The best candidate by kappa against people; the cheapest (known cost) whose kappa is within
 * `margin` of it; and whether the data tells the two apart, on the answers both judged.
 */
function choose(rows: readonly CandidateRow[], ruled: readonly (boolean | undefined)[][], set: LabelledSet, options: {margin: number; seed: number}): Choice | null {
  const ranked = rows.map((row, position) => ({row, position})).filter(({row}) => row.metrics.cohen_kappa.value !== null)
  if (ranked.length === 0) return null
  const best = ranked.reduce((top, entry) => (entry.row.metrics.cohen_kappa.value! > top.row.metrics.cohen_kappa.value! ? entry : top))
  const near = ranked.filter(({row}) => row.metrics.cohen_kappa.value! >= best.row.metrics.cohen_kappa.value! - options.margin)
  const priced = near.filter(({row}) => row.cost_per_1000_verdicts !== 'unknown')
  const unknown_cost = near.filter(({row}) => row.cost_per_1000_verdicts === 'unknown').map(({row}) => row.candidate)
  if (priced.length === 0) return {margin: options.margin, best: best.row.candidate, unknown_cost}
  const cheapest = priced.reduce((low, entry) => ((entry.row.cost_per_1000_verdicts as number) < (low.row.cost_per_1000_verdicts as number) ? entry : low))
  if (cheapest === best) return {margin: options.margin, best: best.row.candidate, cheapest: cheapest.row.candidate, unknown_cost}
  const pairs = set.items.flatMap((item, position) => {
    const first = ruled[cheapest.position]![position]
    const second = ruled[best.position]![position]
    return first === undefined || second === undefined ? [] : [{first, second, label: item.label}]
  })
  const versus = pairedComparison(pairs, options.seed)
  const {low, high} = versus.kappa_difference
  const distinguishable = versus.mcnemar_p < 0.05 || (low !== null && high !== null && (low > 0 || high < 0))
  return {margin: options.margin, best: best.row.candidate, cheapest: cheapest.row.candidate, versus_best: versus, distinguishable, unknown_cost}
}
