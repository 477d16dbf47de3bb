import {count, failed, field, stringField, succeeded, type ResultContext} from '../shared/result-line.js'
import type {ResultLine, Usage} from '../../core/results/result.js'

/**
 * One line of a batch's results: `{custom_id, result: {type: succeeded|errored|canceled|expired}}`.
 * The answer is the `text` blocks of the message; `thinking` and tool blocks are left out.
 */
export function normalizeAnthropicLine(value: unknown, context: ResultContext): ResultLine | undefined {
  const customId = stringField(value, 'custom_id')
  if (customId === undefined) return undefined
  const result = field(value, 'result')
  switch (stringField(result, 'type')) {
    case 'succeeded': {
      const message = field(result, 'message')
      const blocks = Array.isArray(message.content) ? (message.content as unknown[]) : []
      const text = blocks
        .filter((block) => stringField(block, 'type') === 'text')
        .map((block) => stringField(block, 'text') ?? '')
        .join('')
      return succeeded(customId, text, usageOf(field(message, 'usage')), context)
    }
    case 'errored': {
      // `error` is a whole error response: `{type: "error", error: {type, message}}`.
      const error = field(field(result, 'error'), 'error')
      return failed(customId, {code: stringField(error, 'type') ?? 'error', message: stringField(error, 'message') ?? 'request failed'}, context)
    }
    case 'canceled':
      return failed(customId, {code: 'cancelled', message: 'the batch was cancelled before this request ran'}, context)
    case 'expired':
      return failed(customId, {code: 'expired', message: 'the batch expired before this request ran'}, context)
    default:
      return failed(customId, {code: 'unknown_result', message: `unknown result type ${JSON.stringify(result.type)}`}, context)
  }
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
