import {formatBytes, renderCard} from './card.js'
import type {BatchManifest} from '../core/batch/manifest.js'
import {formatCount} from '../core/format-count.js'
import {formatCost} from '../core/pricing/cost.js'
import {ASSUMED_OUTPUT_TOKENS, estimateBatchCost, type CostEstimate} from '../core/pricing/estimate.js'
import {loadPriceTable} from '../core/pricing/price-table.js'

/** What `prepare` (and `jury`) report for one prepared batch; also the `--json` output. */
export interface PreparedCard {
  name: string
  provider: string
  model: string
  split: string
  hints: number
  /** Set for a standard benchmark's batch, instead of the Layton split and hints. */
  benchmark?: {name: string; shots: number; files: string[]}
  requests: number
  bytes: number
  files: string[]
  manifest: string
  /** Absent for a batch prepared before bench counted input tokens. */
  cost_estimate?: CostEstimate
  next: string
}

export function toPreparedCard(manifest: BatchManifest): PreparedCard {
  return {
    name: manifest.name,
    provider: manifest.provider,
    model: manifest.model,
    split: manifest.dataset.split,
    hints: manifest.hints,
    ...(manifest.benchmark !== undefined && {benchmark: {name: manifest.benchmark.name, shots: manifest.benchmark.shots, files: manifest.benchmark.files}}),
    requests: manifest.requests,
    bytes: manifest.bytes,
    files: manifest.shards.map((shard) => shard.file),
    manifest: `processed_files/${manifest.name}.manifest.json`,
    cost_estimate:
      manifest.input_tokens_estimate === undefined
        ? undefined
        : estimateBatchCost(
            {provider: manifest.provider, model: manifest.model, requests: manifest.requests, inputTokens: manifest.input_tokens_estimate, maxTokens: manifest.settings.max_tokens},
            loadPriceTable(),
          ),
    next: `bench start ${manifest.name}`,
  }
}

export function renderPreparedCard(card: PreparedCard): string {
  return renderCard({
    title: `Prepared ${card.name}`,
    rows: [
      ['provider', card.provider],
      ['model', card.model],
      ...((card.benchmark === undefined
        ? [['split', card.split], ['hints', card.hints]]
        : [['benchmark', card.benchmark.name], ['shots', card.benchmark.shots]]) satisfies [string, string | number][]),
      ['requests', card.requests],
      ['size', formatBytes(card.bytes)],
      [card.files.length === 1 ? 'file' : `files (${card.files.length} shards)`, card.files.join('\n')],
      ['cost', card.cost_estimate === undefined ? undefined : describeEstimate(card.cost_estimate)],
    ],
    footer: [`Next: ${card.next}`],
  })
}

function describeEstimate(estimate: CostEstimate): string {
  const output =
    estimate.output_basis === 'max_tokens'
      ? 'output at --max-tokens, an upper bound'
      : `output assumed ${formatCount(ASSUMED_OUTPUT_TOKENS)} tokens a request; --max-tokens bounds it`
  const price = estimate.priced_as === undefined ? 'model not in the price table' : `priced as ${estimate.priced_as}`
  return `${estimate.cost_usd === 'unknown' ? 'unknown' : `≈${formatCost(estimate.cost_usd)}`} estimated (${formatCount(estimate.input_tokens)} tokens in at ~4 characters a token, ${formatCount(estimate.output_tokens)} out; ${output}; ${price})`
}
