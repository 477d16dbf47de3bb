import {EmulatorHttpError, parseJsonBody} from '../shared/http.js'
import type {BatchLimits} from '../shared/limits.js'
import {invalidLine, type LineProblem} from '../shared/line-problems.js'
import type {LineRequest} from '../shared/responder.js'
import type {JsonSchema} from '../../core/prepare/request.js'

/**
 * Reading `POST /v1/messages/batches`: what Anthropic rejects at once (HTTP 400) and what it
 * accepts but later answers with an `errored` line (invalid `params`).
 */

type Json = Record<string, unknown>

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/
/** The smallest `thinking.budget_tokens` the Messages API takes. */
const MIN_THINKING_BUDGET = 1024

/** One request of the batch, read. */
export interface AnthropicLine {
  request: LineRequest
  /** Set when `params` is invalid: the line will end `errored`. */
  problem?: LineProblem
  /** True when `params.thinking` asks for extended thinking, so the answer opens with a thinking block. */
  thinking: boolean
}

/**
 * Reads the create body; throws the synchronous errors: a body over the size cap (413
 * `request_too_large`, in the words of Anthropic's error docs), too many or no requests, a bad or
 * duplicate custom_id (400).
 */
export function readCreateBody(raw: Buffer, limits: BatchLimits): AnthropicLine[] {
  if (raw.length > limits.maxBytes) throw new EmulatorHttpError(413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.')
  const body = parseJsonBody(raw)
  const requests = isObject(body) ? body.requests : undefined
  if (!Array.isArray(requests)) throw invalid('requests: Field required')
  if (requests.length === 0) throw invalid('requests: List should have at least 1 item after validation, not 0')
  if (requests.length > limits.maxRequests) throw invalid(`requests: List should have at most ${limits.maxRequests} items after validation, not ${requests.length}`)
  const seen = new Set<string>()
  return requests.map((element: unknown, index) => {
    if (!isObject(element)) throw invalid(`requests.${index}: Input should be a valid dictionary`)
    const customId = element.custom_id
    if (typeof customId !== 'string') throw invalid(`requests.${index}.custom_id: Field required`)
    if (!CUSTOM_ID.test(customId)) throw invalid(`requests.${index}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`)
    if (seen.has(customId)) throw invalid(`requests: custom_id's must be unique within a batch. Duplicate custom_id found: ${customId}`)
    seen.add(customId)
    if (!isObject(element.params)) throw invalid(`requests.${index}.params: Field required`)
    return readLine(customId, element.params)
  })
}

function readLine(customId: string, params: Json): AnthropicLine {
  const request: LineRequest = {custom_id: customId, model: typeof params.model === 'string' ? params.model : '', texts: [], imageCount: 0}
  const system = blockTexts(params.system)
  if (system.length > 0) request.system = system.join('\n')
  for (const message of Array.isArray(params.messages) ? params.messages : []) {
    // Only the user's turns are the question; assistant turns (thinking included) are not.
    if (!isObject(message) || message.role !== 'user') continue
    request.texts.push(...blockTexts(message.content))
    if (Array.isArray(message.content)) request.imageCount += message.content.filter((block) => isObject(block) && block.type === 'image').length
  }
  const schema = schemaOf(params)
  if (schema !== undefined) request.schema = schema
  const thinking = isObject(params.thinking) && (params.thinking.type === 'enabled' || params.thinking.type === 'adaptive')
  const problem = paramsProblem(params)
  return problem === undefined ? {request, thinking} : {request, thinking, problem}
}

/** What the Messages API would refuse in these params, in its own words. */
function paramsProblem(params: Json): LineProblem | undefined {
  if (typeof params.model !== 'string' || params.model === '') return invalidLine('model: Field required')
  if (params.max_tokens === undefined) return invalidLine('max_tokens: Field required')
  if (!Number.isInteger(params.max_tokens) || (params.max_tokens as number) < 1) {
    return invalidLine('max_tokens: Input should be greater than or equal to 1')
  }
  if (!Array.isArray(params.messages)) return invalidLine('messages: Field required')
  if (params.messages.length === 0) return invalidLine('messages: at least one message is required')
  if (params.stream === true) return invalidLine('stream: Streaming is not supported in the Message Batches API.')
  const thinking = params.thinking
  if (isObject(thinking) && thinking.type === 'enabled') {
    const budget = thinking.budget_tokens
    if (!Number.isInteger(budget) || (budget as number) < MIN_THINKING_BUDGET) {
      return invalidLine(`thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_THINKING_BUDGET}`)
    }
    if ((budget as number) >= (params.max_tokens as number)) return invalidLine('`max_tokens` must be greater than `thinking.budget_tokens`.')
  }
  return undefined
}

/** The schema of `output_config.format` or the older `output_format`, when it is `json_schema`. */
function schemaOf(params: Json): JsonSchema | undefined {
  const format = isObject(params.output_config) && isObject(params.output_config.format) ? params.output_config.format : params.output_format
  if (!isObject(format) || format.type !== 'json_schema' || !isObject(format.schema)) return undefined
  return format.schema
}

/** The texts of a string or of the `text` blocks of a block list (system prompts, message content). */
function blockTexts(content: unknown): string[] {
  if (typeof content === 'string') return [content]
  if (!Array.isArray(content)) return []
  return content.filter((block): block is Json => isObject(block) && block.type === 'text' && typeof block.text === 'string').map((block) => block.text as string)
}

function invalid(message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, 'invalid_request_error', message)
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
