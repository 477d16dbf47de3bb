import {renderCard} from './card.js'
import {sendsToRow} from './destinations-row.js'
import type {StartOutcome} from '../core/batch/start.js'
import type {Destination} from '../core/destinations/destination.js'
import type {WorkerStart} from '../providers/openai-compatible/start-endpoint.js'

/** What `bench start NAME` reports; also its `--json` output. */
export interface StartCard {
  name: string
  provider: string
  model: string
  /** False when the batch had already been submitted. */
  submitted: boolean
  shards: {file: string; file_id?: string; batch_id?: string}[]
  reused: number
  warnings: string[]
  /** Each host this command sent to, and where a non-default one was set. */
  sends_to: Destination[]
  /** For an endpoint batch: the worker sending its requests. */
  worker?: WorkerStart
  next: string
}

export function toStartCard(outcome: StartOutcome): StartCard {
  const {manifest} = outcome
  return {
    name: manifest.name,
    provider: manifest.provider,
    model: manifest.model,
    submitted: outcome.submitted,
    shards: manifest.shards.map((shard) => ({file: shard.file, file_id: shard.remote?.file_id, batch_id: shard.remote?.batch_id})),
    reused: outcome.reused,
    warnings: outcome.warnings,
    sends_to: outcome.sends_to,
    ...(outcome.worker !== undefined && {worker: outcome.worker}),
    next: `bench get ${manifest.name}`,
  }
}

function workerRow(worker: WorkerStart): string {
  const where = worker.mode === 'detached' ? `pid ${worker.pid}, in the background` : 'ran in this command'
  const before = worker.answered_before > 0 ? ` · ${worker.answered_before} answered by earlier runs, not sent again` : ''
  return `endpoint ${worker.endpoint} · ${where} · ${worker.answered} answered${before}`
}

export function renderStartCard(card: StartCard): string {
  return renderCard({
    title: card.submitted ? `Submitted ${card.name}` : `${card.name} was already submitted`,
    rows: [
      ['vendor', `${card.provider} · ${card.model}`],
      card.worker === undefined
        ? ['batch', card.shards.map((shard) => shard.batch_id ?? '(not created)').join('\n')]
        : ['worker', workerRow(card.worker)],
      sendsToRow(card.sends_to),
      ['reused', card.reused > 0 ? `${card.reused} batch(es) created by an interrupted run` : undefined],
      ['note', card.warnings.length > 0 ? card.warnings.join('\n') : undefined],
    ],
    footer: [`Next: ${card.next}   (or: watch -n 2 bench get ${card.name})`],
  })
}
