import {renderCard} from './card.js'
import type {ResultsSummary} from '../core/collect-results.js'

/** What `bench results NAME` prints; its `--json` output is the summary itself. */
export function renderResultsCard(summary: ResultsSummary, next: string): string {
  const reasons = Object.entries(summary.failures)
    .sort(([, a], [, b]) => b - a)
    .map(([code, count]) => `${count} ${code}`)
    .join(', ')
  return renderCard({
    title: `Results of ${summary.name}`,
    rows: [
      ['succeeded', `${summary.succeeded} / ${summary.total}`],
      ['failed', summary.failed === 0 ? '0' : `${summary.failed} (${reasons})`],
      ['tokens', `${summary.usage.input} in · ${summary.usage.output} out (${summary.usage.reasoning} reasoning) · ${summary.usage.cached} cached`],
      ['ignored', summary.unexpected > 0 ? `${summary.unexpected} lines for ids not in the batch` : undefined],
      ['file', summary.file],
    ],
    footer: [`Next: ${next}`],
  })
}
