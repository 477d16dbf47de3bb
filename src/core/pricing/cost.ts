import type {ResolvedPrice} from './price-table.js'
import type {Usage} from '../results/result.js'

/** A cost in USD, or `unknown` when the model is not in the price table or no usage was recorded: never a made-up 0. */
export type Cost = number | 'unknown'

const PER_MILLION = 1_000_000

/**
 * What a batch's usage cost: uncached input at the input rate, cached input at the cached rate,
 * all output (reasoning included) at the output rate, less the batch discount. Failed lines carry
 * no usage and are not billed, so summing the usage lines is the bill.
 */
export function costOfUsage(price: ResolvedPrice | undefined, usage: Usage | undefined): Cost {
  if (price === undefined || usage === undefined) return 'unknown'
  const uncached = Math.max(0, usage.input - usage.cached)
  const list = (uncached * price.input + usage.cached * price.cached_input + usage.output * price.output) / PER_MILLION
  return list * (1 - price.batch_discount)
}

/** `$1.23`, cents below a dollar shown to four places so small test runs do not read as free. */
export function formatCost(cost: Cost): string {
  if (cost === 'unknown') return 'unknown'
  return cost >= 1 ? `$${cost.toFixed(2)}` : `$${cost.toFixed(4)}`
}
