import {findModel, type KnownModel, type ModelCapabilities, type ModelCatalog} from '../../core/capabilities/model-catalog.js'
import type {ProviderName} from '../../providers/names.js'
import type {LineRequest} from './responder.js'

/**
 * Model capabilities, as the vendors enforce them on each request: a line that uses one its model
 * lacks (a JSON schema, a thinking setting or level, an image, a PDF) ends as that vendor's 400
 * line error, while the rest of the batch runs. The capabilities are declared (`startEmulator
 * ({models})`, `bench emulator --models FILE`) in the shape of bench's data/models.json; a model
 * the declaration does not list is held to nothing. Each vendor folder reads what a line asks for
 * as it reads the line (its `capabilities.ts`) and words the 400 (`VendorModule.capabilityError`).
 */

/** What one line asks of its model. */
export interface LineFeatures {
  /** The line asks for a JSON schema: enforced (`strict`), or as a hint (`best_effort`, chat `strict: false`). */
  schema?: 'strict' | 'best_effort'
  /** Effort level in lower case (`high`), or a token budget. */
  thinking?: {level: string} | {budget: number}
  images: number
  pdfs: number
}

/** A per-line error: the engine renders it in the vendor's envelope. */
export interface CapabilityError {
  status: 400
  code: string
  message: string
}

/** Which capability a line uses that the model lacks, in the terms the vendors' errors need. */
export type Lacking =
  | {kind: 'schema'; strict: boolean}
  | {kind: 'thinking'}
  | {kind: 'level'; level: string; levels: readonly string[]}
  | {kind: 'budget'; budget: number; range?: {min: number; max: number}}
  | {kind: 'images'}
  | {kind: 'pdfs'}

const sharedFeatures = new Map<string, LineFeatures>()

/**
 * One shared object per distinct set of features: a batch's lines mostly ask alike, and 200,000
 * lines holding one object each kept 20 MB more alive in the emulator for nothing.
 */
export function interned(uses: LineFeatures): LineFeatures {
  const key = JSON.stringify(uses)
  let shared = sharedFeatures.get(key)
  if (shared === undefined) sharedFeatures.set(key, (shared = Object.freeze(uses)))
  return shared
}

/** What the line uses that its model lacks; undefined when the line fits, or its model is not declared. */
export function lackingCapability(provider: ProviderName, request: LineRequest, catalog: ModelCatalog): Lacking | undefined {
  const uses = request.uses
  if (uses === undefined) return undefined
  const model = knownModel(catalog, provider, request.model)
  return model === undefined ? undefined : lackingFrom(model.capabilities, uses)
}

export function invalidRequest(message: string, code = 'invalid_request_error'): CapabilityError {
  return {status: 400, code, message}
}

const lookups = new WeakMap<ModelCatalog, Map<string, KnownModel | undefined>>()

/** The catalog's entry for a model, looked up once per model: a batch's lines share one. */
function knownModel(catalog: ModelCatalog, provider: ProviderName, model: string): KnownModel | undefined {
  let cache = lookups.get(catalog)
  if (cache === undefined) lookups.set(catalog, (cache = new Map<string, KnownModel | undefined>()))
  const key = `${provider}\u0000${model}`
  if (!cache.has(key)) cache.set(key, findModel(catalog, provider, model))
  return cache.get(key)
}

function lackingFrom(capabilities: ModelCapabilities, uses: LineFeatures): Lacking | undefined {
  const output = capabilities.structured_output
  if (uses.schema !== undefined && (output === 'none' || (output === 'best_effort' && uses.schema === 'strict'))) {
    return {kind: 'schema', strict: uses.schema === 'strict' && output === 'best_effort'}
  }
  const thinking = uses.thinking
  if (thinking !== undefined) {
    const control = capabilities.thinking
    if (control === null) return {kind: 'thinking'}
    if ('level' in thinking && !(control.levels ?? []).includes(thinking.level as never)) return {kind: 'level', level: thinking.level, levels: control.levels ?? []}
    // -1 is Gemini's "dynamic": any model with a budget takes it.
    const range = control.budget
    if ('budget' in thinking && thinking.budget !== -1 && (range === undefined || thinking.budget < range.min || thinking.budget > range.max)) {
      return {kind: 'budget', budget: thinking.budget, ...(range !== undefined && {range})}
    }
  }
  if (uses.images > 0 && !capabilities.images) return {kind: 'images'}
  if (uses.pdfs > 0 && !capabilities.pdfs) return {kind: 'pdfs'}
  return undefined
}

/** A JSON object field of a vendor request, or undefined for anything else. */
export function jsonObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}
