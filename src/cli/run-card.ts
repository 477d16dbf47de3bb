import {renderCard} from './card.js'
import {describeFailures} from './results-card.js'
import {renderScoreLine} from './score-output.js'
import type {BatchManifest} from '../core/batch/manifest.js'
import type {RunRecord} from '../core/run/run-record.js'

/** What a finished `bench run` prints: each batch's results, then the score as `bench score` prints it. */
export function renderRunCard(record: RunRecord, batches: readonly BatchManifest[]): string {
  const score = record.score!
  return [
    renderCard({
      title: `Run ${record.name} finished`,
      rows: [
        ...batches.map((batch): [string, string] => [batch.kind === 'judge' ? `judge ${batch.provider}` : 'predictions', resultsLine(batch)]),
        ['score', `${score.method}, ${score.field}, ${score.n} riddles, seed ${score.seed}`],
      ],
    }),
    '',
    renderScoreLine(score),
  ].join('\n')
}

function resultsLine(batch: BatchManifest): string {
  const results = batch.results
  if (results === undefined) return `${batch.name}: no results`
  const attempts = results.attempts === undefined ? '' : ` in ${results.attempts.length} attempts`
  const failures = results.failed === 0 || results.failures === undefined ? '' : ` · ${describeFailures(results.failures)}`
  return [`${results.succeeded}/${results.succeeded + results.failed} succeeded${failures}${attempts} · ${results.file}`, ...(batch.notes ?? [])].join('\n')
}
