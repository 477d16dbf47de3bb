import {answered, count, failed, field, finishMeanings, stringField, unreadable, type Answer, type ResultContext, type Unreadable} from '../shared/result-line.js'
import {codeOfVendorError} from '../../core/results/result-codes.js'
import type {ResultLine, Usage} from '../../core/results/result.js'

type Fields = Readonly<Record<string, unknown>>

/**
 * `stop_reason` of a message (the SDK's `StopReason`): `end_turn` and `stop_sequence` end a whole
 * answer; `max_tokens` and `model_context_window_exceeded` cut it off; `refusal` is the model's
 * (or its classifiers') refusal. `tool_use` and `pause_turn` (tools bench never offers) and any
 * new value are `failed`, with the value.
 */
const STOP_REASONS = finishMeanings({complete: ['end_turn', 'stop_sequence'], truncated: ['max_tokens', 'model_context_window_exceeded'], refusal: ['refusal']})

/**
 * One line of a batch's results: `{custom_id, result: {type: succeeded|errored|canceled|expired}}`.
 * The answer is the `text` blocks of the message; `thinking` and tool blocks are left out. A
 * `succeeded` result is a success only when its `stop_reason` says the answer is whole.
 */
export function normalizeAnthropicLine(value: unknown, context: ResultContext): ResultLine | undefined {
  const customId = stringField(value, 'custom_id')
  if (customId === undefined) return undefined
  const result = field(value, 'result')
  switch (stringField(result, 'type')) {
    case 'succeeded': {
      const message = field(result, 'message')
      const answer = messageAnswer(message)
      if ('problem' in answer) return unreadable(customId, answer.problem, context)
      return answered(customId, answer, usageOf(field(message, 'usage')), context)
    }
    case 'errored': {
      // `error` is a whole error response: `{type: "error", error: {type, message}, request_id}`.
      const error = field(field(result, 'error'), 'error')
      const type = stringField(error, 'type')
      return failed(
        customId,
        {code: codeOfVendorError([type]), message: stringField(error, 'message') ?? 'request failed', ...(type !== undefined && {vendor_code: type})},
        context,
      )
    }
    case 'canceled':
      return failed(customId, {code: 'cancelled', message: 'the batch was cancelled before this request ran', vendor_code: 'canceled'}, context)
    case 'expired':
      return failed(customId, {code: 'expired', message: 'the batch expired before this request ran', vendor_code: 'expired'}, context)
    default:
      return unreadable(customId, `unknown result type ${JSON.stringify(result.type)}`, context)
  }
}

function messageAnswer(message: Fields): Answer | Unreadable {
  const blocks = message.content
  if (!Array.isArray(blocks)) return {problem: 'the message has no content list'}
  let text = ''
  for (const block of blocks) if (stringField(block, 'type') === 'text') text += stringField(block, 'text') ?? ''
  const stop = stringField(message, 'stop_reason')
  if (stop === undefined) return {problem: 'the message has no stop_reason'}
  const meaning = STOP_REASONS.get(stop)
  if (meaning === 'complete') return {text}
  if (meaning === 'refusal') return {text, fate: {code: 'refusal', message: refusalMessage(field(message, 'stop_details'), text), vendor_code: refusalCode(field(message, 'stop_details'))}}
  if (meaning === 'truncated') return {text, fate: {code: 'truncated', message: `the answer reached the token limit (stop_reason "${stop}")`, vendor_code: stop}}
  return {text, fate: {code: meaning ?? 'failed', message: `the answer stopped with stop_reason "${stop}"`, vendor_code: stop}}
}

/** `stop_details` (`RefusalStopDetails`): the explanation when there is one, else what the model wrote. */
function refusalMessage(details: Fields, text: string): string {
  const category = stringField(details, 'category')
  const explanation = stringField(details, 'explanation') ?? (text.trim() === '' ? 'the model refused' : text.trim())
  return category === undefined ? explanation : `${explanation} (category ${category})`
}

function refusalCode(details: Fields): string {
  const category = stringField(details, 'category')
  return category === undefined ? 'refusal' : `refusal:${category}`
}

/** Input tokens are split three ways (fresh, cache write, cache read); bench's `input` is their sum. */
function usageOf(usage: Record<string, unknown>): Usage {
  const cached = count(usage.cache_read_input_tokens)
  return {
    input: count(usage.input_tokens) + count(usage.cache_creation_input_tokens) + cached,
    output: count(usage.output_tokens),
    reasoning: count(field(usage, 'output_tokens_details').thinking_tokens),
    cached,
  }
}
