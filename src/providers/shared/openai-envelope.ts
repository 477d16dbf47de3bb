import {asRecord, count, failed, field, isEmptyRecord, stringField, succeeded, type ResultContext} from './result-line.js'
import type {ResultError, ResultLine, Usage} from '../../core/results/result.js'

type Fields = Readonly<Record<string, unknown>>

/**
 * Normalizes one line of an OpenAI-style result file, the envelope OpenAI, Groq, Together and
 * Mistral share: `{custom_id, response: {status_code, body} | null, error: {code, message} | null}`.
 * Undefined when the line has no custom_id (it cannot be joined back to a request).
 *
 * Runs once per line of a 200,000-line download: fields are read by name from `asRecord`, which
 * V8 compiles to direct loads, rather than through a `field(value, key)` helper shared by every
 * key, which cost this function a quarter of its time.
 */
export function normalizeOpenAIEnvelope(value: unknown, context: ResultContext): ResultLine | undefined {
  const envelope = asRecord(value)
  const customId = envelope?.custom_id
  if (envelope === undefined || typeof customId !== 'string') return undefined
  const response = asRecord(envelope.response)
  const status = count(response?.status_code)
  const body = asRecord(response?.body)
  const lineError = asRecord(envelope.error)
  if (status >= 200 && status < 300 && (lineError === undefined || isEmptyRecord(lineError))) {
    return succeeded(customId, answerText(body), usageOf(asRecord(body?.usage)), context)
  }
  return failed(customId, errorOf(status, body, lineError), context)
}

/**
 * The answer of a chat completion (`choices[0].message.content`, a string or text parts) or of a
 * Responses API body (`output[]` messages). Reasoning travels in other fields
 * (`reasoning_content`, `reasoning`, `type: "reasoning"` items), so it is left out by construction.
 */
function answerText(body: Fields | undefined): string | undefined {
  const choices = body?.choices
  if (Array.isArray(choices)) {
    const content = asRecord(asRecord(choices[0])?.message)?.content
    if (typeof content === 'string') return content
    return Array.isArray(content) ? textParts(content, 'text') : undefined
  }
  const output = body?.output
  if (Array.isArray(output)) {
    const messages = output.filter((item) => stringField(item, 'type') === 'message')
    return messages.map((item) => textParts(asArray((item as {content?: unknown}).content), 'output_text')).join('')
  }
  return undefined
}

function textParts(parts: unknown[], type: string): string {
  return parts
    .filter((part) => stringField(part, 'type') === type)
    .map((part) => stringField(part, 'text') ?? '')
    .join('')
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** Chat usage (`prompt_tokens`...) or Responses usage (`input_tokens`...); Together may put `reasoning_tokens` at the top. */
function usageOf(usage: Fields | undefined): Usage | undefined {
  if (usage === undefined || isEmptyRecord(usage)) return undefined
  return {
    input: count(usage.prompt_tokens ?? usage.input_tokens),
    output: count(usage.completion_tokens ?? usage.output_tokens),
    reasoning: count(detail(usage.output_tokens_details, usage.completion_tokens_details, 'reasoning_tokens') ?? usage.reasoning_tokens),
    cached: count(detail(usage.input_tokens_details, usage.prompt_tokens_details, 'cached_tokens')),
  }
}

/** A count from the Responses-style details record when it has it, else from the chat-style one. */
function detail(responses: unknown, chat: unknown, key: string): unknown {
  const fromResponses = asRecord(responses)
  return fromResponses !== undefined && Object.hasOwn(fromResponses, key) ? fromResponses[key] : asRecord(chat)?.[key]
}

/**
 * A non-2xx line carries the endpoint's error body (`{error: {message, type, code}}`, or Mistral's
 * `{message}`); a line never executed carries `error: {code, message}` (`batch_expired`...).
 */
function errorOf(status: number, body: Fields | undefined, lineError: Fields | undefined): ResultError {
  const bodyError = field(body, 'error')
  const message =
    stringField(lineError, 'message') ??
    stringField(bodyError, 'message') ??
    stringField(body, 'error') ??
    stringField(body, 'message') ??
    (status > 0 ? `HTTP ${status}` : 'no response')
  const code =
    stringField(lineError, 'code') ??
    stringField(bodyError, 'code') ??
    stringField(bodyError, 'type') ??
    (status > 0 ? `http_${status}` : 'error')
  return {code, message}
}
