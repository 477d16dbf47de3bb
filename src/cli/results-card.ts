import {renderCard} from './card.js'
import type {BatchManifest} from '../core/batch/manifest.js'
import {costOfUsage, formatCost, type Cost} from '../core/pricing/cost.js'
import {findPrice, loadPriceTable} from '../core/pricing/price-table.js'
import type {ResultsSummary} from '../core/results/collect-results.js'

/** What `bench results NAME` prints; its `--json` output is the summary itself, with the cost. */
export function renderResultsCard(summary: ResultsSummary, next: string, cost?: Cost): string {
  const reasons = describeFailures(summary.failures)
  return renderCard({
    title: `Results of ${summary.name}`,
    rows: [
      ['succeeded', `${summary.succeeded} / ${summary.total}`],
      ['failed', summary.failed === 0 ? '0' : `${summary.failed} (${reasons})`],
      ['attempts', summary.attempts?.map((attempt) => `${attempt.succeeded} from ${attempt.batch}`).join('\n')],
      ['kept', summary.kept > 0 ? `${summary.kept} answer${summary.kept === 1 ? '' : 's'} from the earlier ${summary.file}: the vendor now returned a failure or nothing for them (--fresh drops them)` : undefined],
      ['tokens', `${summary.usage.input} in · ${summary.usage.output} out (${summary.usage.reasoning} reasoning) · ${summary.usage.cached} cached`],
      ['cost', cost === undefined ? undefined : `${formatCost(cost)}${cost === 'unknown' ? '' : ' (batch price, from the usage lines)'}`],
      ['ignored', summary.unexpected > 0 ? `${summary.unexpected} lines for ids not in the batch` : undefined],
      ['file', summary.file],
    ],
    // The failures can be resubmitted: say how, beside the next step.
    footer: [`Next: ${next}`, ...(summary.failed > 0 ? [`Retry: bench retry ${summary.name} --start   (resubmits the requests that did not succeed)`] : [])],
  })
}

/** `2 refusal, 1 truncated`: most frequent first, ties alphabetical, so the same results always print the same card. */
export function describeFailures(failures: Record<string, number>): string {
  return Object.entries(failures)
    .sort(([codeA, a], [codeB, b]) => b - a || codeA.localeCompare(codeB))
    .map(([code, count]) => `${count} ${code}`)
    .join(', ')
}

/**
 * The batch's actual cost from its usage lines. Unknown when the model is not in the price table,
 * or when answers came back without any usage (a vendor or emulator that reports none): 0 only
 * when nothing succeeded, since failed lines are not billed.
 */
export function actualCost(manifest: BatchManifest, summary: ResultsSummary): Cost {
  const noUsage = summary.succeeded > 0 && summary.usage.input === 0 && summary.usage.output === 0
  return costOfUsage(findPrice(loadPriceTable(), manifest.provider, manifest.model), noUsage ? undefined : summary.usage)
}
