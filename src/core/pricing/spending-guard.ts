import {formatCost, type Cost} from './cost.js'
import {estimateBatchCost, type BatchToEstimate} from './estimate.js'
import {loadPriceTable, type PriceTable} from './price-table.js'
import type {BatchManifest} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {formatCount} from '../format-count.js'

/** One batch as the spending guard sees it: what sending it would cost. */
export interface PlannedBatch {
  name: string
  provider: string
  model: string
  requests: number
  input_tokens: number
  output_tokens: number
  cost_usd: Cost
  /** Why the cost is unknown, as the refusal says it. */
  unknown_because?: string
  /** True for a batch not prepared yet, estimated from what it will hold (a run's judge batches). */
  projected?: boolean
}

/** What a command would send: `--dry-run` prints it, `--max-cost` checks it. */
export interface SpendingPlan {
  batches: PlannedBatch[]
  requests: number
  input_tokens: number
  output_tokens: number
  /** Unknown when any batch's is. */
  cost_usd: Cost
}

/**
 * The shards of a batch not yet submitted, priced from the estimate `prepare` recorded. With
 * `whole`, every shard: a run guards its total, sent or not.
 */
export function planBatch(manifest: BatchManifest, prices: PriceTable, options: {whole?: boolean} = {}): PlannedBatch {
  const shards = options.whole === true ? manifest.shards : manifest.shards.filter((shard) => shard.remote?.batch_id === undefined)
  const requests = shards.reduce((sum, shard) => sum + shard.requests, 0)
  const recorded = manifest.input_tokens_estimate
  const inputTokens = recorded === undefined ? 0 : Math.ceil((recorded * requests) / Math.max(1, manifest.requests))
  const planned = planEstimate(
    manifest.name,
    {provider: manifest.provider, model: manifest.model, requests, inputTokens, maxTokens: manifest.settings.max_tokens},
    prices,
  )
  if (recorded !== undefined || requests === 0) return planned
  return {...planned, cost_usd: 'unknown', unknown_because: `cost unknown for batch ${manifest.name}: it was prepared before bench estimated tokens; prepare it again or drop --max-cost`}
}

/** A batch priced from its expected size: for batches a run will prepare later. */
export function planEstimate(name: string, batch: BatchToEstimate, prices: PriceTable, projected = false): PlannedBatch {
  const estimate = estimateBatchCost(batch, prices)
  return {
    name,
    provider: batch.provider,
    model: batch.model,
    requests: batch.requests,
    input_tokens: estimate.input_tokens,
    output_tokens: estimate.output_tokens,
    cost_usd: batch.requests === 0 ? 0 : estimate.cost_usd,
    ...(estimate.cost_usd === 'unknown' && batch.requests > 0 && {unknown_because: `cost unknown for model ${batch.model}: add it to a --prices file or drop --max-cost`}),
    ...(projected && {projected}),
  }
}

export function spendingPlan(batches: PlannedBatch[]): SpendingPlan {
  const sum = (pick: (batch: PlannedBatch) => number) => batches.reduce((total, batch) => total + pick(batch), 0)
  const unknown = batches.some((batch) => batch.cost_usd === 'unknown')
  return {
    batches,
    requests: sum((batch) => batch.requests),
    input_tokens: sum((batch) => batch.input_tokens),
    output_tokens: sum((batch) => batch.output_tokens),
    cost_usd: unknown ? 'unknown' : sum((batch) => batch.cost_usd as number),
  }
}

/**
 * Refuses, before anything is sent, a plan whose estimate is over `maxCost` or cannot be priced:
 * a limit the guard cannot check must not pass silently. No limit, no check.
 */
export function enforceMaxCost(plan: SpendingPlan, maxCost: number | undefined): void {
  if (maxCost === undefined) return
  const unknown = plan.batches.find((batch) => batch.unknown_because !== undefined)
  if (unknown !== undefined) throw new UserError(unknown.unknown_because!)
  const cost = plan.cost_usd as number
  if (cost <= maxCost) return
  const batches = plan.batches.filter((batch) => batch.requests > 0).length
  throw new UserError(
    `estimated cost ≈${formatCost(cost)} exceeds --max-cost ${formatCost(maxCost)} (${batches} batch${batches === 1 ? '' : 'es'}, ${formatCount(plan.requests)} requests, ${formatCount(plan.input_tokens)} tokens in, ${formatCount(plan.output_tokens)} out): nothing was sent; raise --max-cost, or send fewer requests (--limit, --max-tokens)`,
  )
}

export interface SpendingLimit {
  /** USD; undefined: no limit, the plan is only computed. */
  maxCost?: number
  /** A price file over bench's (undefined: $BENCH_PRICES, if set). */
  pricesFile?: string
}

/** What sending the unsent shards of `manifests` would cost, refused when over the limit. */
export function guardSending(manifests: readonly BatchManifest[], limit: SpendingLimit): SpendingPlan {
  const prices = loadPriceTable(limit.pricesFile)
  const plan = spendingPlan(manifests.map((manifest) => planBatch(manifest, prices)))
  enforceMaxCost(plan, limit.maxCost)
  return plan
}
