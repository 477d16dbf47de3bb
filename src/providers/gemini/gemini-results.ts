import {answered, count, failed, field, finishMeanings, isEmptyRecord, stringField, unreadable, type Answer, type ResultContext, type Unreadable} from '../shared/result-line.js'
import {codeOfVendorError, type ResultCode} from '../../core/results/result-codes.js'
import type {ResultLine, Usage} from '../../core/results/result.js'

type Fields = Readonly<Record<string, unknown>>

/**
 * A candidate's `finishReason` (@google/genai `FinishReason`): `STOP` ends a whole answer;
 * `MAX_TOKENS` cuts it off; the content filters (`SAFETY`, `PROHIBITED_CONTENT`, `BLOCKLIST`,
 * `SPII`, `IMAGE_SAFETY`, `IMAGE_PROHIBITED_CONTENT`) block it; `RECITATION` and `IMAGE_RECITATION`
 * withhold it as a copy of a source. Any other reason (`OTHER`, `LANGUAGE`,
 * `MALFORMED_FUNCTION_CALL`, `FINISH_REASON_UNSPECIFIED`, a new one) is `failed`, with the reason.
 */
const FINISH_REASONS = finishMeanings({
  complete: ['STOP'],
  truncated: ['MAX_TOKENS'],
  safety: ['SAFETY', 'PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT'],
  recitation: ['RECITATION', 'IMAGE_RECITATION'],
})

const FATE_WORDS: Readonly<Partial<Record<ResultCode, string>>> = {
  truncated: 'the answer reached the token limit',
  safety: "the answer was blocked by Gemini's safety filters",
  recitation: 'the answer was withheld as a recitation of a source',
}

/**
 * One line of a results file, `{key, response}` or `{key, error: {code, message, status}}`, or one
 * inline result, `{metadata: {key}, response | error}`. The answer is the first candidate's text
 * parts; parts marked `thought: true` are thinking and are left out. Its fate is read from
 * `promptFeedback.blockReason` (the prompt itself was blocked: no candidate) and the candidate's
 * `finishReason`.
 */
export function normalizeGeminiLine(value: unknown, context: ResultContext): ResultLine | undefined {
  const key = stringField(value, 'key') ?? stringField(field(value, 'metadata'), 'key')
  if (key === undefined) return undefined
  const error = field(value, 'error')
  if (!isEmptyRecord(error)) {
    // `status` is the google.rpc code name; the numeric `code` may be gRPC's (3) or HTTP's (400), so it is kept as is.
    const status = stringField(error, 'status')
    const vendorCode = status ?? (typeof error.code === 'number' || typeof error.code === 'string' ? String(error.code) : undefined)
    return failed(
      key,
      {code: codeOfVendorError([status]), message: stringField(error, 'message') ?? 'request failed', ...(vendorCode !== undefined && {vendor_code: vendorCode})},
      context,
    )
  }
  const response = field(value, 'response')
  if (isEmptyRecord(response)) return unreadable(key, 'it has neither a response nor an error', context)
  const answer = responseAnswer(response)
  if ('problem' in answer) return unreadable(key, answer.problem, context)
  return answered(key, answer, usageOf(field(response, 'usageMetadata')), context)
}

function responseAnswer(response: Fields): Answer | Unreadable {
  const blocked = stringField(field(response, 'promptFeedback'), 'blockReason')
  const candidates = response.candidates
  if (candidates !== undefined && !Array.isArray(candidates)) return {problem: 'candidates is not a list'}
  const candidate = (candidates as unknown[] | undefined)?.[0]
  if (blocked !== undefined && candidate === undefined) {
    const detail = stringField(field(response, 'promptFeedback'), 'blockReasonMessage')
    return {text: undefined, fate: {code: 'safety', message: `Gemini blocked the prompt (blockReason ${blocked})${detail === undefined ? '' : `: ${detail}`}`, vendor_code: blocked}}
  }
  if (candidate === undefined) return {text: undefined, fate: {code: 'failed', message: 'Gemini returned no candidate and no block reason'}}
  const parts = field(candidate, 'content').parts
  if (parts !== undefined && !Array.isArray(parts)) return {problem: 'candidates[0].content.parts is not a list'}
  let text = ''
  for (const part of (parts as unknown[] | undefined) ?? []) if ((part as {thought?: unknown} | null)?.thought !== true) text += stringField(part, 'text') ?? ''
  const finish = stringField(candidate, 'finishReason')
  if (finish === undefined) return {problem: 'candidates[0] has no finishReason'}
  const meaning = FINISH_REASONS.get(finish)
  if (meaning === 'complete') return {text}
  const detail = stringField(candidate, 'finishMessage')
  const why = `${meaning === undefined ? 'the answer stopped' : FATE_WORDS[meaning]} (finishReason ${finish})${detail === undefined ? '' : `: ${detail}`}`
  return {text, fate: {code: meaning ?? 'failed', message: why, vendor_code: finish}}
}

/** Thinking tokens are billed as output but counted apart from `candidatesTokenCount`. */
function usageOf(usage: Record<string, unknown>): Usage {
  const thoughts = count(usage.thoughtsTokenCount)
  return {
    input: count(usage.promptTokenCount) + count(usage.toolUsePromptTokenCount),
    output: count(usage.candidatesTokenCount) + thoughts,
    reasoning: thoughts,
    cached: count(usage.cachedContentTokenCount),
  }
}
