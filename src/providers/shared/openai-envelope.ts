import {chatCompletionAnswer, responsesAnswer} from './chat-completion-answer.js'
import {answered, asRecord, count, failed, field, isEmptyRecord, stringField, unreadable, type ResultContext} from './result-line.js'
import {codeOfVendorError} from '../../core/results/result-codes.js'
import type {ResultError, ResultLine, Usage} from '../../core/results/result.js'

type Fields = Readonly<Record<string, unknown>>

/**
 * Normalizes one line of an OpenAI-style result file, the envelope OpenAI, Groq, Together and
 * Mistral share: `{custom_id, response: {status_code, body} | null, error: {code, message} | null}`.
 * Undefined when the line has no custom_id (it cannot be joined back to a request). A 2xx line is
 * a success only when its body reads as a chat completion or a Responses API response and their
 * finish and refusal signals say the answer is whole; a body of neither shape becomes `missing`.
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
  const lineError = envelope.error
  const noLineError = lineError == null || (typeof lineError === 'object' && isEmptyRecord(lineError as Fields))
  if (noLineError && response === undefined) return unreadable(customId, 'it has neither a response nor an error', context)
  if (!noLineError || status < 200 || status >= 300) return failed(customId, errorOf(status, body, lineError), context)
  if (body === undefined) return unreadable(customId, 'response.body is not an object', context)
  const answer = Array.isArray(body.choices)
    ? chatCompletionAnswer(body)
    : Array.isArray(body.output)
      ? responsesAnswer(body)
      : {problem: 'response.body is neither a chat completion (choices) nor a Responses API response (output)'}
  if ('problem' in answer) return unreadable(customId, answer.problem, context)
  return answered(customId, answer, usageOf(asRecord(body.usage)), context)
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
 * `{message}`); a line never executed carries `error: {code, message}` (`batch_expired`...), and
 * Mistral may write that `error` as a bare string. The code is bench's (result-codes.ts), read from
 * the vendor's code, then its error type, then the HTTP status; the vendor's own word is kept.
 */
function errorOf(status: number, body: Fields | undefined, lineError: unknown): ResultError {
  const bodyError = field(body, 'error')
  const message =
    (typeof lineError === 'string' && lineError !== '' ? lineError : undefined) ??
    stringField(lineError, 'message') ??
    stringField(bodyError, 'message') ??
    stringField(body, 'error') ??
    stringField(body, 'message') ??
    (status > 0 ? `HTTP ${status}` : 'no response')
  const words = [stringField(lineError, 'code'), stringField(bodyError, 'code'), stringField(bodyError, 'type')]
  const httpStatus = status > 0 ? status : undefined
  const vendorCode = words.find((word) => word !== undefined) ?? (httpStatus === undefined ? undefined : `http_${httpStatus}`)
  return {code: codeOfVendorError(words, httpStatus), message, ...(vendorCode !== undefined && {vendor_code: vendorCode})}
}
