import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {UserError} from '../errors.js'
import {findListedModel} from '../listed-model.js'
import {packageRoot} from '../package-root.js'

/** One model's list prices, USD per million tokens, before any batch discount. */
export interface ModelPrice {
  input: number
  /** Input tokens read from the vendor's cache. */
  cached_input: number
  output: number
  /** Overrides the vendor's batch discount for this model (Together discounts listed models only). */
  batch_discount?: number
}

export interface ProviderPrices {
  /** Share taken off batch requests, 0 to 1 (0.5 = half price). */
  batch_discount: number
  models: Record<string, ModelPrice>
}

/** The shape of `data/prices.json` and of a user's override file. */
export interface PriceTable {
  providers: Record<string, ProviderPrices>
}

/** A price found for a model, with the discount that applies to it and the table entry it came from. */
export interface ResolvedPrice extends ModelPrice {
  batch_discount: number
  /** The table's model name that matched (the model itself or the longest listed prefix). */
  listed_as: string
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
 * The price of a provider's model: the listed name equal to it, else the longest listed name it
 * starts with (see findListedModel). Undefined when not listed: callers show "unknown", never 0.
 */
export function findPrice(table: PriceTable, provider: string | undefined, model: string | undefined): ResolvedPrice | undefined {
  if (provider === undefined || model === undefined) return undefined
  const prices = table.providers[provider]
  if (prices === undefined) return undefined
  const listed = findListedModel(Object.keys(prices.models), model)
  if (listed === undefined) return undefined
  const price = prices.models[listed] as ModelPrice
  return {...price, batch_discount: price.batch_discount ?? prices.batch_discount, listed_as: listed}
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
    }
  }
}

function isShare(value: unknown): boolean {
  return typeof value === 'number' && value >= 0 && value <= 1
}
