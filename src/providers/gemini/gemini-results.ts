import {count, failed, field, isEmptyRecord, stringField, succeeded, type ResultContext} from '../shared/result-line.js'
import type {ResultLine, Usage} from '../../core/results/result.js'

/**
 * One line of a results file, `{key, response}` or `{key, error: {code, message, status}}`, or one
 * inline result, `{metadata: {key}, response | error}`. The answer is the first candidate's text
 * parts; parts marked `thought: true` are thinking and are left out.
 */
export function normalizeGeminiLine(value: unknown, context: ResultContext): ResultLine | undefined {
  const key = stringField(value, 'key') ?? stringField(field(value, 'metadata'), 'key')
  if (key === undefined) return undefined
  const error = field(value, 'error')
  if (!isEmptyRecord(error)) {
    const code = stringField(error, 'status') ?? (typeof error.code === 'number' || typeof error.code === 'string' ? String(error.code) : 'error')
    return failed(key, {code, message: stringField(error, 'message') ?? 'request failed'}, context)
  }
  const response = field(value, 'response')
  const candidates = Array.isArray(response.candidates) ? (response.candidates as unknown[]) : []
  const candidate = candidates[0]
  if (candidate === undefined) {
    // No candidate at all: the prompt itself was blocked.
    const reason = stringField(field(response, 'promptFeedback'), 'blockReason') ?? 'NO_CANDIDATES'
    return failed(key, {code: reason, message: `Gemini returned no answer (${reason})`}, context)
  }
  const parts = field(candidate, 'content').parts
  const text = (Array.isArray(parts) ? (parts as unknown[]) : [])
    .filter((part) => (part as {thought?: unknown} | null)?.thought !== true)
    .map((part) => stringField(part, 'text') ?? '')
    .join('')
  return succeeded(key, text, usageOf(field(response, 'usageMetadata')), context)
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
