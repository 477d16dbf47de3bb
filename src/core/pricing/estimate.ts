import {costOfUsage, type Cost} from './cost.js'
import {findPrice, type PriceTable} from './price-table.js'

/** Output tokens a request is assumed to produce when no --max-tokens bounds it. */
export const ASSUMED_OUTPUT_TOKENS = 1_000

/** What a prepared batch should cost, and what the figure rests on. */
export interface CostEstimate {
  /** Estimated from the requests' text (token-estimate.ts). */
  input_tokens: number
  output_tokens: number
  /** `max_tokens`: every request writes its whole limit, an upper bound; `assumed`: ASSUMED_OUTPUT_TOKENS a request. */
  output_basis: 'max_tokens' | 'assumed'
  cost_usd: Cost
  /** The price-table entry used, when the model is listed. */
  priced_as?: string
}

export interface BatchToEstimate {
  provider: string
  model: string
  requests: number
  inputTokens: number
  maxTokens?: number
}

export function estimateBatchCost(batch: BatchToEstimate, prices: PriceTable): CostEstimate {
  const perRequest = batch.maxTokens ?? ASSUMED_OUTPUT_TOKENS
  const output_tokens = perRequest * batch.requests
  const price = findPrice(prices, batch.provider, batch.model)
  return {
    input_tokens: batch.inputTokens,
    output_tokens,
    output_basis: batch.maxTokens === undefined ? 'assumed' : 'max_tokens',
    cost_usd: costOfUsage(price, {input: batch.inputTokens, output: output_tokens, reasoning: 0, cached: 0}),
    ...(price !== undefined && {priced_as: `${batch.provider}/${price.listed_as}`}),
  }
}
