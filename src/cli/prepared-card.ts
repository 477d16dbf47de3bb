import {formatBytes, renderCard} from './card.js'
import type {BatchManifest} from '../core/manifest.js'

/** What `prepare` (and `jury`) report for one prepared batch; also the `--json` output. */
export interface PreparedCard {
  name: string
  provider: string
  model: string
  split: string
  hints: number
  requests: number
  bytes: number
  files: string[]
  manifest: string
  next: string
}

export function toPreparedCard(manifest: BatchManifest): PreparedCard {
  return {
    name: manifest.name,
    provider: manifest.provider,
    model: manifest.model,
    split: manifest.dataset.split,
    hints: manifest.hints,
    requests: manifest.requests,
    bytes: manifest.bytes,
    files: manifest.shards.map((shard) => shard.file),
    manifest: `processed_files/${manifest.name}.manifest.json`,
    next: `bench start ${manifest.name}`,
  }
}

export function renderPreparedCard(card: PreparedCard): string {
  return renderCard({
    title: `Prepared ${card.name}`,
    rows: [
      ['provider', card.provider],
      ['model', card.model],
      ['split', card.split],
      ['hints', card.hints],
      ['requests', card.requests],
      ['size', formatBytes(card.bytes)],
      [card.files.length === 1 ? 'file' : `files (${card.files.length} shards)`, card.files.join('\n')],
    ],
    footer: [`Next: ${card.next}`],
  })
}
