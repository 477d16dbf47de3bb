import type {LineRequest} from './responder.js'
import {findModel, type KnownModel, type ModelCapabilities, type ModelCatalog} from '../core/capabilities/model-catalog.js'
import type {ProviderName} from '../providers/names.js'

/**
 * Model capabilities, as the vendors enforce them on each request: a line that uses one its model
 * lacks (a JSON schema, a thinking setting or level, an image, a PDF) ends as that vendor's 400
 * line error, while the rest of the batch runs. The capabilities are declared (`startEmulator
 * ({models})`, `bench emulator --models FILE`) in the shape of bench's data/models.json; a model
 * the declaration does not list is held to nothing. Vendor modules read what each line asks for
 * (`*Features` below) as they read the line. The messages follow the vendors' 400s where a sample
 * was found (OpenAI's `unsupported_parameter`/`unsupported_value`, Groq's pointer to its
 * structured-outputs page, Gemini's thinking-budget range); elsewhere they are the emulator's own,
 * naming the parameter the way the vendor's validation errors do.
 */

type Json = Record<string, unknown>

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

/** A chat-completions (or Responses) body: OpenAI, Groq, Together, Mistral. */
export function chatFeatures(body: Json): LineFeatures {
  const features: LineFeatures = {images: 0, pdfs: 0}
  const format = object(body.response_format) ?? object(object(body.text)?.format)
  if (format?.type === 'json_schema') features.schema = (object(format.json_schema) ?? format).strict === true ? 'strict' : 'best_effort'
  const effort = body.reasoning_effort ?? object(body.reasoning)?.effort
  if (typeof effort === 'string') features.thinking = {level: effort.toLowerCase()}
  const messages = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : []
  for (const message of messages) {
    const content = object(message)?.content
    for (const part of Array.isArray(content) ? content : []) {
      const type = object(part)?.type
      if (type === 'image_url' || type === 'input_image') features.images += 1
      if (type === 'file' || type === 'input_file') features.pdfs += 1
    }
  }
  return interned(features)
}

/** Anthropic `params`. */
export function anthropicFeatures(params: Json): LineFeatures {
  const features: LineFeatures = {images: 0, pdfs: 0}
  const format = object(object(params.output_config)?.format) ?? object(params.output_format)
  if (format?.type === 'json_schema') features.schema = 'strict'
  const thinking = object(params.thinking)
  if (thinking?.type === 'enabled' && typeof thinking.budget_tokens === 'number') features.thinking = {budget: thinking.budget_tokens}
  for (const message of Array.isArray(params.messages) ? params.messages : []) {
    const content = object(message)?.content
    for (const block of Array.isArray(content) ? content : []) {
      const type = object(block)?.type
      if (type === 'image') features.images += 1
      if (type === 'document') features.pdfs += 1
    }
  }
  return interned(features)
}

/** A Gemini `GenerateContentRequest` (camelCase or snake_case, as the REST API takes both). */
export function geminiFeatures(request: Json): LineFeatures {
  const features: LineFeatures = {images: 0, pdfs: 0}
  const generation = object(request.generationConfig ?? request.generation_config) ?? {}
  if (generation.responseJsonSchema ?? generation.response_json_schema ?? generation.responseSchema ?? generation.response_schema) features.schema = 'strict'
  const thinking = object(generation.thinkingConfig ?? generation.thinking_config)
  const level = thinking?.thinkingLevel ?? thinking?.thinking_level
  const budget = thinking?.thinkingBudget ?? thinking?.thinking_budget
  if (typeof level === 'string') features.thinking = {level: level.toLowerCase()}
  else if (typeof budget === 'number') features.thinking = {budget}
  for (const content of Array.isArray(request.contents) ? request.contents : []) {
    const parts = object(content)?.parts
    for (const part of Array.isArray(parts) ? parts : []) {
      const data = object(object(part)?.inlineData ?? object(part)?.inline_data ?? object(part)?.fileData ?? object(part)?.file_data)
      const mime = data?.mimeType ?? data?.mime_type
      if (typeof mime === 'string' && mime.startsWith('image/')) features.images += 1
      if (mime === 'application/pdf') features.pdfs += 1
    }
  }
  return interned(features)
}

const sharedFeatures = new Map<string, LineFeatures>()

/**
 * One shared object per distinct set of features: a batch's lines mostly ask alike, and 200,000
 * lines holding one object each kept 20 MB more alive in the emulator for nothing.
 */
function interned(uses: LineFeatures): LineFeatures {
  const key = JSON.stringify(uses)
  let shared = sharedFeatures.get(key)
  if (shared === undefined) sharedFeatures.set(key, (shared = Object.freeze(uses)))
  return shared
}

/** The vendor's 400 for a line that uses a capability its model lacks; undefined when the line fits (or nothing is declared). */
export function capabilityError(provider: ProviderName, request: LineRequest, catalog: ModelCatalog | undefined): CapabilityError | undefined {
  const uses = request.uses
  if (catalog === undefined || uses === undefined) return undefined
  const model = knownModel(catalog, provider, request.model)
  if (model === undefined) return undefined
  const lacking = lackingCapability(model.capabilities, uses)
  return lacking === undefined ? undefined : VENDOR_ERRORS[provider](lacking, request.model)
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

/** Which capability a line uses that the model lacks, in the terms the vendors' errors need. */
type Lacking =
  | {kind: 'schema'; strict: boolean}
  | {kind: 'thinking'}
  | {kind: 'level'; level: string; levels: readonly string[]}
  | {kind: 'budget'; budget: number; range?: {min: number; max: number}}
  | {kind: 'images'}
  | {kind: 'pdfs'}

function lackingCapability(capabilities: ModelCapabilities, uses: LineFeatures): Lacking | undefined {
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

function invalid(message: string, code = 'invalid_request_error'): CapabilityError {
  return {status: 400, code, message}
}

/**
 * OpenAI's wording for these 400s (`unsupported_parameter`, `unsupported_value`, content types
 * "only supported by certain models"); Together and Mistral answer in the same dialect.
 */
function openAIError(lacking: Lacking): CapabilityError {
  switch (lacking.kind) {
    case 'schema':
      return invalid(
        lacking.strict
          ? "Invalid parameter: 'response_format.json_schema.strict' is not supported with this model; send strict: false."
          : "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
      )
    case 'thinking':
    case 'budget':
      return invalid("Unsupported parameter: 'reasoning_effort' is not supported with this model.", 'unsupported_parameter')
    case 'level':
      return invalid(`Unsupported value: 'reasoning_effort' does not support '${lacking.level}' with this model. Supported values are: ${lacking.levels.map((level) => `'${level}'`).join(', ')}.`, 'unsupported_value')
    case 'images':
      return invalid('Invalid content type. image_url is only supported by certain models.')
    case 'pdfs':
      return invalid('Invalid content type. file is only supported by certain models.')
  }
}

/** Groq names its structured-outputs page in the 400 (console.groq.com/docs/structured-outputs: "400 errors otherwise"). */
function groqError(lacking: Lacking): CapabilityError {
  const page = 'See supported models at https://console.groq.com/docs/structured-outputs#supported-models'
  if (lacking.kind === 'schema') {
    return invalid(lacking.strict ? `This model does not support strict mode for response format \`json_schema\`. ${page}` : `This model does not support response format \`json_schema\`. ${page}`)
  }
  if (lacking.kind === 'thinking' || lacking.kind === 'level') return invalid('`reasoning_effort` is not supported with this model')
  return openAIError(lacking)
}

/** Anthropic's 400 `invalid_request_error`, with the parameter path first as its validation errors give it. */
function anthropicError(lacking: Lacking, model: string): CapabilityError {
  switch (lacking.kind) {
    case 'schema':
      return invalid(`output_config.format: structured outputs are not supported for model '${model}'.`)
    case 'thinking':
    case 'level':
      return invalid(`thinking: extended thinking is not supported for model '${model}'.`)
    case 'budget':
      return invalid(`thinking.enabled.budget_tokens: ${lacking.budget} is out of range for model '${model}'${lacking.range === undefined ? '' : ` (${lacking.range.min} to ${lacking.range.max})`}.`)
    case 'images':
      return invalid(`messages.0.content: image input is not supported for model '${model}'.`)
    case 'pdfs':
      return invalid(`messages.0.content: PDF input is not supported for model '${model}'.`)
  }
}

/** Gemini's 400 INVALID_ARGUMENT. */
function geminiError(lacking: Lacking, model: string): CapabilityError {
  switch (lacking.kind) {
    case 'schema':
      return invalid(`JSON mode is not enabled for models/${model}`)
    case 'thinking':
      return invalid('Thinking is not supported for this model.')
    case 'level':
      return invalid(lacking.levels.length === 0 ? 'Thinking level is not supported for this model.' : `Thinking level ${lacking.level.toUpperCase()} is not supported for this model. Please retry with other thinking level.`)
    case 'budget':
      return invalid(lacking.range === undefined ? 'Thinking budget is not supported for this model.' : `The thinking budget ${lacking.budget} is invalid. Please choose a value between ${lacking.range.min} and ${lacking.range.max}.`)
    case 'images':
    case 'pdfs':
      return invalid(`Unsupported MIME type for models/${model}.`)
  }
}

const VENDOR_ERRORS: Record<ProviderName, (lacking: Lacking, model: string) => CapabilityError> = {
  openai: openAIError,
  groq: groqError,
  together: openAIError,
  mistral: openAIError,
  anthropic: anthropicError,
  gemini: geminiError,
}

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined
}
