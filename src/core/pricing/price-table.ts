import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {UserError} from '../errors.js'
import {comparableModelName, findListedModel, listedNames} from '../listed-model.js'
import {packageRoot} from '../package-root.js'

/** One model's list prices, USD per million tokens, before any batch discount. */
export interface ModelPrice {
  input: number
  /** Input tokens read from the vendor's cache. */
  cached_input: number
  output: number
  /** Overrides the vendor's batch discount for this model (Together discounts listed models only). */
  batch_discount?: number
  /** Other names of this very model, priced the same (`gemini-3-pro-preview` for `gemini-3-pro`). */
  aliases?: string[]
}

export interface ProviderPrices {
  /** Share taken off batch requests, 0 to 1 (0.5 = half price). */
  batch_discount: number
  models: Record<string, ModelPrice>
}

/** The shape of `data/prices.json` and of a user's override file. */
export interface PriceTable {
  /**
   * A regular expression for the setting labels that file names append to a model name
   * (`gpt-5-1-2025-11-13-high`, `claude-opus-4-5-20251101-no-thinking`): a name ending in one is
   * priced as the name without it. Absent: no label is taken off.
   */
  run_labels?: string
  providers: Record<string, ProviderPrices>
}

/** How a model name found its price: the price file's own words for each rule. */
export type PriceMatch = 'name' | 'dated snapshot' | 'alias' | 'run label'

/** A price found for a model, with the discount that applies to it and the table entry it came from. */
export interface ResolvedPrice extends ModelPrice {
  batch_discount: number
  /** The table's model name that matched. */
  listed_as: string
  /** Which rule matched it, when not the name itself. */
  matched_by: PriceMatch
}

export const DEFAULT_PRICES_PATH = join(packageRoot(), 'data', 'prices.json')

/** The environment variable naming a user's price file, for commands without a --prices flag. */
export const PRICES_ENVIRONMENT_VARIABLE = 'BENCH_PRICES'

/**
 * The repository's price table, with the user's file (the `override` path, else $BENCH_PRICES)
 * laid over it: a provider's discount and each listed model replace the repository's.
 */
export function loadPriceTable(override: string | undefined = process.env[PRICES_ENVIRONMENT_VARIABLE]): PriceTable {
  const table = readPriceFile(DEFAULT_PRICES_PATH)
  if (override === undefined || override === '') return table
  const user = readPriceFile(override)
  if (user.run_labels !== undefined) table.run_labels = user.run_labels
  for (const [provider, prices] of Object.entries(user.providers)) {
    const base = table.providers[provider]
    table.providers[provider] = {
      batch_discount: prices.batch_discount ?? base?.batch_discount ?? 0,
      models: {...base?.models, ...prices.models},
    }
  }
  return table
}

/**
 * The price of a provider's model, found only by a rule that cannot price one model as another:
 * its listed name or one of the listed aliases, or a dated snapshot of one (`gpt-5.1-2025-11-13`
 * is `gpt-5.1`), each possibly followed by a setting label the price file names (`run_labels`).
 * Anything else (`o3-pro` beside a listed `o3`, `gpt-5-pro` beside `gpt-5`) is not listed: callers
 * show "unknown", never 0, and the spending guard refuses it. Names compare in their sanitized
 * form, as file names carry them.
 */
export function findPrice(table: PriceTable, provider: string | undefined, model: string | undefined): ResolvedPrice | undefined {
  if (provider === undefined || model === undefined) return undefined
  const prices = table.providers[provider]
  if (prices === undefined) return undefined
  const listed = listedNames(prices.models)
  const wanted = comparableModelName(model)
  const unlabelled = table.run_labels === undefined ? wanted : wanted.replace(new RegExp(table.run_labels), '')
  const names = unlabelled === wanted ? [wanted] : [wanted, unlabelled]
  for (const name of names) {
    const found = findListedModel(listed, name)
    if (found === undefined) continue
    const price = prices.models[found.model] as ModelPrice
    const matched_by: PriceMatch = name !== wanted ? 'run label' : found.matched_by
    return {...price, batch_discount: price.batch_discount ?? prices.batch_discount, listed_as: found.model, matched_by}
  }
  return undefined
}

function readPriceFile(path: string): PriceTable {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new UserError(`cannot read the price file ${path} (${reason}): pass a JSON file shaped like bench's data/prices.json`)
  }
  validatePriceTable(value, path)
  return value
}

function validatePriceTable(value: unknown, path: string): asserts value is PriceTable {
  const labels = (value as {run_labels?: unknown} | null)?.run_labels
  if (labels !== undefined && !isPattern(labels)) throw new UserError(`price file ${path}: run_labels must be a regular expression, e.g. "-(?:low|medium|high)$"`)
  const providers = (value as {providers?: unknown} | null)?.providers
  if (typeof providers !== 'object' || providers === null) throw new UserError(`price file ${path} has no "providers" object: shape it like bench's data/prices.json`)
  for (const [provider, prices] of Object.entries(providers as Record<string, unknown>)) {
    const {batch_discount: discount, models} = (prices ?? {}) as {batch_discount?: unknown; models?: unknown}
    if (discount !== undefined && !isShare(discount)) throw new UserError(`price file ${path}: providers.${provider}.batch_discount must be a number from 0 to 1`)
    if (typeof models !== 'object' || models === null) throw new UserError(`price file ${path}: providers.${provider}.models must be an object of model prices`)
    for (const [model, price] of Object.entries(models as Record<string, unknown>)) {
      const fields = (price ?? {}) as Record<string, unknown>
      for (const field of ['input', 'cached_input', 'output']) {
        if (typeof fields[field] !== 'number' || fields[field] < 0) {
          throw new UserError(`price file ${path}: providers.${provider}.models.${model}.${field} must be a non-negative number (USD per million tokens)`)
        }
      }
      if (fields.batch_discount !== undefined && !isShare(fields.batch_discount)) {
        throw new UserError(`price file ${path}: providers.${provider}.models.${model}.batch_discount must be a number from 0 to 1`)
      }
      if (fields.aliases !== undefined && !(Array.isArray(fields.aliases) && fields.aliases.every((alias) => typeof alias === 'string'))) {
        throw new UserError(`price file ${path}: providers.${provider}.models.${model}.aliases must be a list of model names`)
      }
    }
  }
}

function isPattern(value: unknown): boolean {
  if (typeof value !== 'string') return false
  try {
    new RegExp(value)
    return true
  } catch {
    return false
  }
}

function isShare(value: unknown): boolean {
  return typeof value === 'number' && value >= 0 && value <= 1
}
