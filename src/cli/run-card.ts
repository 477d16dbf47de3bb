import {renderCard} from './card.js'
import {sendsToRow} from './destinations-row.js'
import {describeFailures} from './results-card.js'
import {renderScoreLine} from './score-output.js'
import type {BatchManifest} from '../core/batch/manifest.js'
import type {Destination} from '../core/destinations/destination.js'
import type {RunRecord} from '../core/run/run-record.js'

/** What a finished `bench run` prints: each batch's results, then the score as `bench score` prints it. */
export function renderRunCard(record: RunRecord, batches: readonly BatchManifest[], sendsTo: readonly Destination[]): string {
  const score = record.score!
  return [
    renderCard({
      title: `Run ${record.name} finished`,
      rows: [
        ...batches.map((batch): [string, string] => [batch.kind === 'judge' ? `judge ${batch.provider}` : 'predictions', resultsLine(batch)]),
        ['score', `${score.method}, ${score.field}, ${score.n} riddles, seed ${score.seed}`],
        sendsToRow(sendsTo),
      ],
    }),
    '',
    renderScoreLine(score),
  ].join('\n')
}

/** What a detached (or still waiting) run prints: where it sent, and how to go on. */
export function renderWaitingRun(record: {name: string}, sendsTo: readonly Destination[]): string {
  return renderRunHeader(`Run ${record.name}: batches still running. Continue with: bench run --resume ${record.name}`, sendsTo)
}

/** A run's title and where it sent, for the runs whose results print on their own (a standard benchmark's score). */
export function renderRunHeader(title: string, sendsTo: readonly Destination[]): string {
  return renderCard({title, rows: [sendsToRow(sendsTo)]})
}

function resultsLine(batch: BatchManifest): string {
  const results = batch.results
  if (results === undefined) return `${batch.name}: no results`
  const attempts = results.attempts === undefined ? '' : ` in ${results.attempts.length} attempts`
  const failures = results.failed === 0 || results.failures === undefined ? '' : ` · ${describeFailures(results.failures)}`
  return [`${results.succeeded}/${results.succeeded + results.failed} succeeded${failures}${attempts} · ${results.file}`, ...(batch.notes ?? [])].join('\n')
}
