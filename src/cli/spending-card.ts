import {renderCard} from './card.js'
import {formatCost, type Cost} from '../core/pricing/cost.js'
import type {SpendingPlan} from '../core/spending-guard.js'

/** What `--dry-run` prints: every batch that would be sent, and the total. */
export function renderSpendingPlan(plan: SpendingPlan, title = 'Dry run: nothing was sent'): string {
  const sending = plan.batches.filter((batch) => batch.requests > 0)
  return renderCard({
    title,
    rows: [
      ...sending.map((batch): [string, string] => [
        batch.name,
        `${batch.provider} · ${batch.model} · ${batch.requests.toLocaleString('en')} requests · ~${batch.input_tokens.toLocaleString('en')} tokens in, ${batch.output_tokens.toLocaleString('en')} out · ${estimated(batch.cost_usd)}${batch.projected === true ? ' (projected)' : ''}`,
      ]),
      ['total', `${sending.length} batch${sending.length === 1 ? '' : 'es'} · ${plan.requests.toLocaleString('en')} requests · ${estimated(plan.cost_usd)}`],
    ],
    footer: sending.length === 0 ? ['Nothing would be sent: every batch was already submitted.'] : undefined,
  })
}

function estimated(cost: Cost): string {
  return cost === 'unknown' ? 'cost unknown' : `≈${formatCost(cost)}`
}
