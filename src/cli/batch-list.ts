import type {BatchManifest} from '../core/batch/manifest.js'
import {stateLabel} from './status-card.js'

/** One row of `bench list` / `bench get` without a name. */
export interface BatchRow {
  name: string
  kind: BatchManifest['kind']
  provider: string
  model: string
  requests: number
  /** `prepared`, `submitting`, or the vendor state last seen by `get`. */
  state: string
  results?: string
  created_at: string
}

export function toBatchRows(manifests: BatchManifest[]): BatchRow[] {
  return manifests.map((manifest) => ({
    name: manifest.name,
    kind: manifest.kind,
    provider: manifest.provider,
    model: manifest.model,
    requests: manifest.requests,
    state: manifest.state === 'submitted' ? (manifest.last_status === undefined ? 'submitted' : stateLabel(manifest.last_status.state, manifest.last_status.provider_status)) : manifest.state,
    results: manifest.results?.file,
    created_at: manifest.created_at,
  }))
}

export function renderBatchList(rows: BatchRow[]): string {
  if (rows.length === 0) return 'No batches yet. Make one with `bench prepare` (see `bench prepare --help`).'
  const header: BatchRow = {name: 'NAME', kind: 'prediction', provider: 'VENDOR', model: 'MODEL', requests: 0, state: 'STATE', created_at: ''}
  const table = [header, ...rows].map((row, index) => [
    row.name,
    row.provider,
    row.model,
    index === 0 ? 'REQUESTS' : String(row.requests),
    row.state,
    index === 0 ? 'RESULTS' : (row.results ?? '-'),
  ])
  const widths = table[0]!.map((_, column) => Math.max(...table.map((cells) => cells[column]!.length)))
  return table.map((cells) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n')
}
