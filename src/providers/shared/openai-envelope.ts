import type {ResultError, ResultLine, Usage} from '../../core/result.js'
import {count, failed, field, isEmptyRecord, stringField, succeeded, type ResultContext} from './result-line.js'

/**
 * Normalizes one line of an OpenAI-style result file, the envelope OpenAI, Groq, Together and
 * Mistral share: `{custom_id, response: {status_code, body} | null, error: {code, message} | null}`.
 * Undefined when the line has no custom_id (it cannot be joined back to a request).
 */
export function normalizeOpenAIEnvelope(value: unknown, context: ResultContext): ResultLine | undefined {
  const customId = stringField(value, 'custom_id')
  if (customId === undefined) return undefined
  const response = field(value, 'response')
  const status = count(response.status_code)
  const body = response.body
  const lineError = field(value, 'error')
  if (status >= 200 && status < 300 && isEmptyRecord(lineError)) {
    return succeeded(customId, answerText(body), usageOf(field(body, 'usage')), context)
  }
  return failed(customId, errorOf(status, body, lineError), context)
}

/**
 * The answer of a chat completion (`choices[0].message.content`, a string or text parts) or of a
 * Responses API body (`output[]` messages). Reasoning travels in other fields
 * (`reasoning_content`, `reasoning`, `type: "reasoning"` items), so it is left out by construction.
 */
function answerText(body: unknown): string | undefined {
  const choices = (body as {choices?: unknown} | undefined)?.choices
  if (Array.isArray(choices)) {
    const content = field(choices[0], 'message').content
    if (typeof content === 'string') return content
    return Array.isArray(content) ? textParts(content, 'text') : undefined
  }
  const output = (body as {output?: unknown} | undefined)?.output
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
function usageOf(usage: Readonly<Record<string, unknown>>): Usage | undefined {
  if (isEmptyRecord(usage)) return undefined
  const input = usage.prompt_tokens ?? usage.input_tokens
  const output = usage.completion_tokens ?? usage.output_tokens
  return {
    input: count(input),
    output: count(output),
    reasoning: count(detail(usage, 'completion_tokens_details', 'output_tokens_details', 'reasoning_tokens') ?? usage.reasoning_tokens),
    cached: count(detail(usage, 'prompt_tokens_details', 'input_tokens_details', 'cached_tokens')),
  }
}

/** A count from the Responses-style details record when it has it, else from the chat-style one. */
function detail(usage: Readonly<Record<string, unknown>>, chat: string, responses: string, key: string): unknown {
  const fromResponses = field(usage, responses)
  return Object.hasOwn(fromResponses, key) ? fromResponses[key] : field(usage, chat)[key]
}

/**
 * A non-2xx line carries the endpoint's error body (`{error: {message, type, code}}`, or Mistral's
 * `{message}`); a line never executed carries `error: {code, message}` (`batch_expired`...).
 */
function errorOf(status: number, body: unknown, lineError: Readonly<Record<string, unknown>>): ResultError {
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
