import {renderCard} from './card.js'
import type {ModelCapabilities, ModelCatalog} from '../core/capabilities/model-catalog.js'
import type {ProviderName} from '../providers/names.js'

/** One known model, as `bench models` lists it; also its `--json` output. */
export interface KnownModelRow extends ModelCapabilities {
  provider: ProviderName
  model: string
}

export interface KnownModels {
  file: string
  models: KnownModelRow[]
}

/** The catalog's models, of one vendor or of all, in the file's order. */
export function toKnownModels(catalog: ModelCatalog, provider?: ProviderName): KnownModels {
  const models = Object.entries(catalog.providers)
    .filter(([name]) => provider === undefined || name === provider)
    .flatMap(([name, entries]) => Object.entries(entries).map(([model, capabilities]) => ({provider: name as ProviderName, model, ...capabilities})))
  return {file: catalog.file, models}
}

export function renderKnownModels(known: KnownModels): string {
  return renderCard({
    title: `${known.models.length} known model(s), from ${known.file}`,
    rows: known.models.map((row): [string, string] => [`${row.provider}/${row.model}`, describe(row)]),
    footer: ['A model not listed is sent with its vendor\'s defaults, unchecked. Add yours in a copy of the file and point BENCH_MODELS at it.'],
  })
}

function describe(row: ModelCapabilities): string {
  const schema = {strict: 'strict schema', best_effort: 'best-effort schema', none: 'no schema'}[row.structured_output]
  const parts = [schema, row.images ? 'images' : 'no images', row.pdfs ? 'PDFs' : 'no PDFs']
  const thinking = row.thinking
  if (thinking === null) parts.push('no thinking setting')
  else {
    if (thinking.levels !== undefined) parts.push(`thinking levels ${thinking.levels.join(', ')}`)
    if (thinking.budget !== undefined) parts.push(`thinking budget ${thinking.budget.min} to ${thinking.budget.max}`)
  }
  return parts.join(' · ')
}
