import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {UserError} from '../errors.js'
import {findListedModel, listedNames} from '../listed-model.js'
import {packageRoot} from '../package-root.js'
import {PROVIDER_NAMES, isProviderName, type ProviderName} from '../../providers/names.js'

/**
 * How far a model holds to a JSON schema: `strict` (the vendor constrains the answer to it),
 * `best_effort` (the chat vendors take `strict: false`: the schema is a hint), `none` (no schema
 * parameter at all).
 */
export type StructuredOutput = 'strict' | 'best_effort' | 'none'

/** Every effort word a vendor uses; bench itself sends `low`, `medium` or `high`. */
export const EFFORT_LEVELS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const
export type EffortLevel = (typeof EFFORT_LEVELS)[number]

/** The thinking controls a model takes: named levels, a token budget range, or both. */
export interface ThinkingControl {
  levels?: EffortLevel[]
  budget?: {min: number; max: number}
}

/** One model's entry of `data/models.json`. */
export interface ModelCapabilities {
  structured_output: StructuredOutput
  images: boolean
  pdfs: boolean
  /** null: the model takes no thinking setting. */
  thinking: ThinkingControl | null
  /** Where each fact comes from: a doc URL or an SDK source. */
  sources: string[]
  /** Other names of this very model (`gemini-3-pro-preview` for `gemini-3-pro`). */
  aliases?: string[]
}

/** A model found in the catalog, under the name it is listed as. */
export interface KnownModel {
  provider: ProviderName
  listed_as: string
  capabilities: ModelCapabilities
}

/** The known models of each vendor, read and checked from one file. */
export interface ModelCatalog {
  file: string
  providers: Partial<Record<ProviderName, Record<string, ModelCapabilities>>>
}

export const DEFAULT_MODELS_PATH = join(packageRoot(), 'data', 'models.json')

/** The environment variable naming a user's models file, for `prepare`, `jury` and `run`. */
export const MODELS_ENVIRONMENT_VARIABLE = 'BENCH_MODELS'

const loaded = new Map<string, ModelCatalog>()

/**
 * The catalog at `file` (default: $BENCH_MODELS, else bench's `data/models.json`), read once per
 * process: a scenario of twenty models reads it once.
 */
export function loadModelCatalog(file: string = process.env[MODELS_ENVIRONMENT_VARIABLE] || DEFAULT_MODELS_PATH): ModelCatalog {
  let catalog = loaded.get(file)
  if (catalog === undefined) {
    catalog = parseModelCatalog(readCatalogText(file), file)
    loaded.set(file, catalog)
  }
  return catalog
}

/**
 * The model's entry, by the price table's rule: its listed name or an alias, or a dated snapshot of
 * one. A model it does not list (`o3-pro` beside `o3`) is unknown, never given another's capabilities.
 */
export function findModel(catalog: ModelCatalog, provider: ProviderName, model: string): KnownModel | undefined {
  const models = catalog.providers[provider]
  if (models === undefined) return undefined
  const listed = findListedModel(listedNames(models), model)
  return listed === undefined ? undefined : {provider, listed_as: listed.model, capabilities: models[listed.model]!}
}

function readCatalogText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new UserError(`cannot read the models file ${file} (${reason}): pass a JSON file shaped like bench's data/models.json`)
  }
}

type Problem = (where: string, expected: string) => UserError

/** Checks a models file where it enters; the first problem is one line naming the file and the key. */
export function parseModelCatalog(text: string, file: string): ModelCatalog {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new UserError(`models file ${file} is not valid JSON (${(error as Error).message.split('\n')[0]}): fix it, or start from bench's data/models.json`)
  }
  const problem: Problem = (where, expected) => new UserError(`models file ${file}: ${where} must be ${expected}`)
  const root = record(value, 'the file', problem)
  const providers = record(root.providers, '"providers"', problem)
  const catalog: ModelCatalog = {file, providers: {}}
  for (const [provider, models] of Object.entries(providers)) {
    if (!isProviderName(provider)) throw problem(`providers.${provider}`, `a vendor: one of ${PROVIDER_NAMES.join(', ')}`)
    const entries: Record<string, ModelCapabilities> = {}
    for (const [model, entry] of Object.entries(record(models, `providers.${provider}`, problem))) {
      entries[model] = readCapabilities(entry, provider, `providers.${provider}["${model}"]`, problem)
    }
    catalog.providers[provider] = entries
  }
  return catalog
}

const KEYS = ['structured_output', 'images', 'pdfs', 'thinking', 'sources', 'aliases']
/** Only these vendors have a `strict: false` form of their schema parameter. */
const BEST_EFFORT_VENDORS: readonly ProviderName[] = ['openai', 'groq', 'together', 'mistral']

function readCapabilities(value: unknown, provider: ProviderName, where: string, problem: Problem): ModelCapabilities {
  const entry = record(value, where, problem)
  const unknown = Object.keys(entry).find((key) => !KEYS.includes(key))
  if (unknown !== undefined) throw problem(`${where}.${unknown}`, `one of the known keys (${KEYS.join(', ')}); remove it or fix its spelling`)
  const output = entry.structured_output
  if (output !== 'strict' && output !== 'best_effort' && output !== 'none') throw problem(`${where}.structured_output`, '"strict", "best_effort" or "none"')
  if (output === 'best_effort' && !BEST_EFFORT_VENDORS.includes(provider)) {
    throw problem(`${where}.structured_output`, `"strict" or "none" for ${provider}, which has no best-effort schema`)
  }
  for (const flag of ['images', 'pdfs'] as const) if (typeof entry[flag] !== 'boolean') throw problem(`${where}.${flag}`, 'true or false')
  const sources = entry.sources
  if (!Array.isArray(sources) || sources.length === 0 || !sources.every((source) => typeof source === 'string' && source.trim() !== '')) {
    throw problem(`${where}.sources`, 'a non-empty list of doc URLs or SDK sources: the evidence for the entry')
  }
  const aliases = entry.aliases
  if (aliases !== undefined && !(Array.isArray(aliases) && aliases.every((alias) => typeof alias === 'string' && alias.trim() !== ''))) {
    throw problem(`${where}.aliases`, 'a list of other names of this model')
  }
  return {
    structured_output: output,
    images: entry.images as boolean,
    pdfs: entry.pdfs as boolean,
    thinking: readThinking(entry.thinking, `${where}.thinking`, problem),
    sources: sources as string[],
    ...(aliases === undefined ? {} : {aliases: aliases as string[]}),
  }
}

function readThinking(value: unknown, where: string, problem: Problem): ThinkingControl | null {
  if (value === null) return null
  const shape = 'null, or {"levels": [...]} and/or {"budget": {"min": N, "max": N}}'
  const entry = record(value, where, problem)
  if (Object.keys(entry).length === 0 || Object.keys(entry).some((key) => key !== 'levels' && key !== 'budget')) throw problem(where, shape)
  const control: ThinkingControl = {}
  if (entry.levels !== undefined) {
    const levels = entry.levels
    if (!Array.isArray(levels) || levels.length === 0 || !levels.every((level) => (EFFORT_LEVELS as readonly unknown[]).includes(level))) {
      throw problem(`${where}.levels`, `a non-empty list of ${EFFORT_LEVELS.join(', ')}`)
    }
    control.levels = levels as EffortLevel[]
  }
  if (entry.budget !== undefined) {
    const {min, max} = record(entry.budget, `${where}.budget`, problem)
    if (!Number.isInteger(min) || !Number.isInteger(max) || (min as number) < 0 || (min as number) > (max as number)) {
      throw problem(`${where}.budget`, '{"min": N, "max": N}, whole numbers with 0 <= min <= max')
    }
    control.budget = {min: min as number, max: max as number}
  }
  return control
}

function record(value: unknown, where: string, problem: Problem): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw problem(where, 'a JSON object')
  return value as Record<string, unknown>
}
