import {asRecord, finishMeanings, stringField, type Answer, type Unreadable} from './result-line.js'
import {codeOfVendorError, type ResultCode} from '../../core/results/result-codes.js'

type Fields = Readonly<Record<string, unknown>>

/**
 * `finish_reason` values that say the answer is whole or is not, over the four chat vendors'
 * SDK types: OpenAI and Groq `stop | length | tool_calls | content_filter | function_call`;
 * Together adds `eos`; Mistral `stop | length | model_length | error | tool_calls`. Any other
 * value (tool calls bench never asked for, Mistral's `error`, a new one) is `failed`, with the value.
 */
const FINISH_REASONS = finishMeanings({complete: ['stop', 'eos'], truncated: ['length', 'model_length'], safety: ['content_filter']})

/**
 * The answer of a chat completion body (OpenAI, Groq, Together, Mistral, and the servers bench's
 * worker calls): `choices[0].message.content` (text, or text parts), with its fate read from
 * `message.refusal` (OpenAI's structured-output refusal: `content` is then null) and
 * `finish_reason`. Reasoning travels in other fields (`reasoning_content`, `reasoning`), so it is
 * left out by construction.
 */
export function chatCompletionAnswer(body: Fields): Answer | Unreadable {
  const choices = body.choices as unknown[]
  const choice = asRecord(choices[0])
  if (choice === undefined) return {problem: 'the chat completion has no choices[0]'}
  const message = asRecord(choice.message)
  if (message === undefined) return {problem: 'choices[0] has no message'}
  const content = message.content
  let text: string | undefined
  if (typeof content === 'string') text = content
  else if (Array.isArray(content)) text = textParts(content, 'text')
  else if (content != null) return {problem: 'choices[0].message.content is neither text nor a list of parts'}
  const refusal = message.refusal
  if (typeof refusal === 'string' && refusal !== '') return {text, fate: {code: 'refusal', message: refusal}}
  const finish = choice.finish_reason
  if (typeof finish !== 'string') return {problem: 'choices[0] has no finish_reason'}
  const meaning = FINISH_REASONS.get(finish)
  if (meaning === 'complete') {
    return text === undefined ? {text, fate: {code: 'failed', message: `the answer has no content (finish_reason "${finish}")`, vendor_code: finish}} : {text}
  }
  return {text, fate: {code: meaning ?? 'failed', message: finishMessage(meaning, finish), vendor_code: finish}}
}

function finishMessage(meaning: ResultCode | undefined, finish: string): string {
  if (meaning === 'truncated') return `the answer reached the token limit (finish_reason "${finish}")`
  if (meaning === 'safety') return `the answer was blocked by the vendor's content filter (finish_reason "${finish}")`
  return `the answer stopped with finish_reason "${finish}"`
}

/**
 * Responses API `incomplete_details.reason` (openai-node `Response.IncompleteDetails`) that bench
 * has a code for; any other (`max_messages`, `steered`) is `failed`, with the reason. None of them
 * means a whole answer.
 */
const INCOMPLETE_REASONS: ReadonlyMap<string, ResultCode> = new Map([
  ['max_output_tokens', 'truncated'],
  ['content_filter', 'safety'],
])

/**
 * The answer of a Responses API body: the `output_text` parts of its `message` items, with its
 * fate read from `refusal` parts, `status` (`completed`, `incomplete` with
 * `incomplete_details.reason`, `failed` with `error`, `cancelled`) as openai-node's `Response` types
 * them. Reasoning comes as `type: "reasoning"` items, left out.
 */
export function responsesAnswer(body: Fields): Answer | Unreadable {
  const output = body.output as unknown[]
  let text = ''
  let refusal: string | undefined
  for (const item of output) {
    if (stringField(item, 'type') !== 'message') continue
    const content = (item as Fields).content
    if (!Array.isArray(content)) return {problem: 'an output message has no content list'}
    text += textParts(content, 'output_text')
    for (const part of content) if (stringField(part, 'type') === 'refusal') refusal = (refusal ?? '') + (stringField(part, 'refusal') ?? '')
  }
  if (refusal !== undefined) return {text, fate: {code: 'refusal', message: refusal === '' ? 'the model refused' : refusal}}
  const incomplete = stringField(body.incomplete_details, 'reason')
  const status = stringField(body, 'status') ?? (incomplete === undefined ? 'completed' : 'incomplete')
  switch (status) {
    case 'completed':
      return {text}
    case 'incomplete': {
      const code = incomplete === undefined ? undefined : INCOMPLETE_REASONS.get(incomplete)
      const why = `the response is incomplete (incomplete_details.reason "${incomplete ?? 'none given'}")`
      return {text, fate: {code: code ?? 'failed', message: why, ...(incomplete !== undefined && {vendor_code: incomplete})}}
    }
    case 'failed': {
      const error = asRecord(body.error)
      const vendorCode = stringField(error, 'code')
      return {text, fate: {code: codeOfVendorError([vendorCode]), message: stringField(error, 'message') ?? 'the response failed', ...(vendorCode !== undefined && {vendor_code: vendorCode})}}
    }
    case 'cancelled':
      return {text, fate: {code: 'cancelled', message: 'the response was cancelled', vendor_code: status}}
    default:
      return {text, fate: {code: 'failed', message: `the response ended with status "${status}"`, vendor_code: status}}
  }
}

function textParts(parts: readonly unknown[], type: string): string {
  let text = ''
  for (const part of parts) if (stringField(part, 'type') === type) text += stringField(part, 'text') ?? ''
  return text
}
