import {renderCard} from './card.js'
import {formatCount} from '../core/format-count.js'
import {formatCost, type Cost} from '../core/pricing/cost.js'
import type {SpendingPlan} from '../core/pricing/spending-guard.js'

/** What `--dry-run` prints: every batch that would be sent, and the total. */
export function renderSpendingPlan(plan: SpendingPlan, title = 'Dry run: nothing was sent'): string {
  const sending = plan.batches.filter((batch) => batch.requests > 0)
  return renderCard({
    title,
    rows: [
      ...sending.map((batch): [string, string] => [
        batch.name,
        `${batch.provider} · ${batch.model} · ${formatCount(batch.requests)} requests · ~${formatCount(batch.input_tokens)} tokens in, ${formatCount(batch.output_tokens)} out · ${estimated(batch.cost_usd)}${batch.projected === true ? ' (projected)' : ''}`,
      ]),
      ['total', `${sending.length} batch${sending.length === 1 ? '' : 'es'} · ${formatCount(plan.requests)} requests · ${estimated(plan.cost_usd)}`],
    ],
    footer: sending.length === 0 ? ['Nothing would be sent: every batch was already submitted.'] : undefined,
  })
}

function estimated(cost: Cost): string {
  return cost === 'unknown' ? 'cost unknown' : `≈${formatCost(cost)}`
}
