import type {ValidationProblem} from './batch.js'
import type {LineRequest} from './responder.js'
import type {ProviderName} from '../providers/names.js'

/**
 * Request-id rules the vendors enforce when validating a batch file. Anthropic's, a synchronous
 * 400 on the create call, is read with its create body (anthropic-requests.ts). OpenAI, Groq,
 * Mistral and Gemini document none beyond uniqueness.
 */
const MAX_ID_CHARACTERS: Partial<Record<ProviderName, number>> = {
  // https://docs.together.ai/docs/inference/batch/tutorial: `custom_id` "max 64 chars".
  together: 64,
}

/**
 * The problem that fails a batch in validation, for its first request whose id the vendor
 * refuses; undefined when every id passes. The wording is the emulator's own: Together's
 * actual text for this failure is not documented.
 */
export function requestIdProblem(provider: ProviderName, lines: readonly LineRequest[]): ValidationProblem | undefined {
  const max = MAX_ID_CHARACTERS[provider]
  if (max === undefined) return undefined
  const index = lines.findIndex((line) => [...line.custom_id].length > max)
  if (index === -1) return undefined
  return {code: 'invalid_custom_id', message: `custom_id must be at most ${max} characters; got ${[...lines[index]!.custom_id].length}`, param: 'custom_id', line: index + 1}
}
