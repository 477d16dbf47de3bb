import type {AnswerFate} from '../shared/batch.js'
import type {LineRequest, LineUsage} from '../shared/responder.js'
import type {JsonSchema} from '../../core/prepare/request.js'

/**
 * The OpenAI chat-completions wire format, which OpenAI, Groq, Together and Mistral batch lines
 * all carry in their `body` (plus OpenAI's Responses API). Reading a request into a
 * `LineRequest` and writing a completion back.
 */

type Json = Record<string, unknown>

/**
 * Reads a chat-completions or Responses body. `model` falls back to `defaultModel` for vendors
 * whose lines may omit it (Mistral). System, developer and `instructions` texts become `system`.
 */
export function lineRequestFromChatBody(customId: string, body: Json, defaultModel = ''): LineRequest {
  const request: LineRequest = {custom_id: customId, model: typeof body.model === 'string' ? body.model : defaultModel, texts: [], imageCount: 0}
  const system: string[] = typeof body.instructions === 'string' ? [body.instructions] : []
  const messages = Array.isArray(body.messages) ? body.messages : typeof body.input === 'string' ? [{role: 'user', content: body.input}] : body.input
  for (const message of Array.isArray(messages) ? (messages as Json[]) : []) {
    if (message.role === 'system' || message.role === 'developer') system.push(...contentTexts(message.content))
    else if (message.role === 'user' || message.role === undefined) {
      request.texts.push(...contentTexts(message.content))
      request.imageCount += contentImages(message.content)
    }
  }
  if (system.length > 0) request.system = system.join('\n')
  const schema = schemaOf(body)
  if (schema !== undefined) request.schema = schema
  return request
}

function contentTexts(content: unknown): string[] {
  if (typeof content === 'string') return [content]
  if (!Array.isArray(content)) return []
  return (content as Json[]).filter((part) => typeof part.text === 'string').map((part) => part.text as string)
}

function contentImages(content: unknown): number {
  if (!Array.isArray(content)) return 0
  return (content as Json[]).filter((part) => part.type === 'image_url' || part.type === 'input_image').length
}

/** The structured-output schema: chat `response_format` (json_schema, or Together's json_object+schema) or Responses `text.format`. */
function schemaOf(body: Json): JsonSchema | undefined {
  const format = (body.response_format ?? (body.text as Json | undefined)?.format) as Json | undefined
  if (format === undefined || format === null) return undefined
  const candidate = (format.json_schema as Json | undefined)?.schema ?? format.schema
  return typeof candidate === 'object' && candidate !== null ? (candidate as JsonSchema) : undefined
}

/** What a completion body needs. */
export interface CompletionInput {
  id: string
  /** Epoch seconds. */
  created: number
  model: string
  text: string
  usage: LineUsage
  /** Set when the answer is a refusal, a block or a cut answer. */
  fate?: AnswerFate
}

/**
 * How one vendor writes a chat completion's assistant message and finish reason. The four
 * vendors share the envelope but not these: OpenAI's message always has `refusal` and
 * `annotations`, Together's and Mistral's carry `tool_calls`, and only OpenAI has a refusal
 * field and a `content_filter` stop.
 */
export interface ChatDialect {
  message(text: string, fate: AnswerFate | undefined): Json
  finishReason(fate: AnswerFate | undefined): string
}

/** A `chat.completion` object in a vendor's dialect; `extra` adds vendor fields (`x_groq`, `system_fingerprint`). */
export function chatCompletionBody(input: CompletionInput, dialect: ChatDialect, usage: Json, extra: Json = {}): Json {
  return {
    id: input.id,
    object: 'chat.completion',
    created: input.created,
    model: input.model,
    choices: [{index: 0, message: dialect.message(input.text, input.fate), logprobs: null, finish_reason: dialect.finishReason(input.fate)}],
    usage,
    ...extra,
  }
}

/** Chat usage with the detail objects OpenAI and Groq send (zero cached and reasoning tokens). */
export function chatUsage(usage: LineUsage): Json {
  return {
    prompt_tokens: usage.input,
    completion_tokens: usage.output,
    total_tokens: usage.input + usage.output,
    prompt_tokens_details: {cached_tokens: 0},
    completion_tokens_details: {reasoning_tokens: 0},
  }
}

/** Chat usage with only the three totals (Together, Mistral). */
export function plainChatUsage(usage: LineUsage): Json {
  return {prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output}
}

/**
 * An OpenAI Responses API `response` object, for batches on `/v1/responses`. A refusal is an
 * output part of type `refusal`; a cut or filtered answer is `status: "incomplete"` with the
 * reason in `incomplete_details` (openai-node `resources/responses/responses.ts`:
 * `ResponseOutputRefusal`, `Response.IncompleteDetails.reason`).
 */
export function responsesBody(input: CompletionInput): Json {
  const fate = input.fate?.kind
  const incomplete = fate === 'truncated' ? 'max_output_tokens' : fate === 'safety' ? 'content_filter' : undefined
  const part = fate === 'refusal' ? {type: 'refusal', refusal: input.text} : {type: 'output_text', text: input.text, annotations: []}
  return {
    id: input.id,
    object: 'response',
    created_at: input.created,
    status: incomplete === undefined ? 'completed' : 'incomplete',
    incomplete_details: incomplete === undefined ? null : {reason: incomplete},
    model: input.model,
    output: [
      {
        type: 'message',
        id: `msg_${input.id}`,
        status: incomplete === undefined ? 'completed' : 'incomplete',
        role: 'assistant',
        content: [part],
      },
    ],
    usage: {
      input_tokens: input.usage.input,
      input_tokens_details: {cached_tokens: 0},
      output_tokens: input.usage.output,
      output_tokens_details: {reasoning_tokens: 0},
      total_tokens: input.usage.input + input.usage.output,
    },
  }
}
