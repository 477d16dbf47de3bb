import {renderCard} from './card.js'
import type {StartOutcome} from '../core/start.js'

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
    next: `bench get ${manifest.name}`,
  }
}

export function renderStartCard(card: StartCard): string {
  return renderCard({
    title: card.submitted ? `Submitted ${card.name}` : `${card.name} was already submitted`,
    rows: [
      ['vendor', `${card.provider} · ${card.model}`],
      ['batch', card.shards.map((shard) => shard.batch_id ?? '(not created)').join('\n')],
      ['reused', card.reused > 0 ? `${card.reused} batch(es) created by an interrupted run` : undefined],
      ['note', card.warnings.length > 0 ? card.warnings.join('\n') : undefined],
    ],
    footer: [`Next: ${card.next}   (or: watch -n 2 bench get ${card.name})`],
  })
}
