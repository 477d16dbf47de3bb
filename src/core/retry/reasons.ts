import {UserError} from '../errors.js'
import type {ResultError} from '../results/result.js'

/** Why a request has no answer, in the words `bench retry --only` takes. */
export const FAILURE_KINDS = ['failed', 'expired', 'cancelled', 'missing'] as const
export type FailureKind = (typeof FAILURE_KINDS)[number]

/** The kind of a failed request: bench's own codes (results/request-fate.ts) name theirs; any other code is the vendor's error. */
export function failureKind(error: ResultError | undefined): FailureKind {
  const code = error?.code
  return code === 'expired' || code === 'cancelled' || code === 'missing' ? code : 'failed'
}

/** What a resubmission cannot change: the same bytes get the same refusal. */
export type PermanentCause = 'invalid request' | 'content refused'

/**
 * Vendor codes that say the request itself was refused, lower-cased. The HTTP forms (`http_400`)
 * are Mistral's; `INVALID_ARGUMENT` and the block reasons are Gemini's; the `_error` types are
 * OpenAI's and Anthropic's. Any code not listed (429, 5xx, `batch_failed`: the vendor refused the
 * whole batch, often for a queue limit that clears) is worth another try.
 */
const PERMANENT_CODES: Readonly<Record<string, PermanentCause>> = {
  invalid_request_error: 'invalid request',
  invalid_request: 'invalid request',
  invalid_argument: 'invalid request',
  failed_precondition: 'invalid request',
  not_found_error: 'invalid request',
  model_not_found: 'invalid request',
  context_length_exceeded: 'invalid request',
  string_above_max_length: 'invalid request',
  http_400: 'invalid request',
  http_404: 'invalid request',
  http_422: 'invalid request',
  content_filter: 'content refused',
  content_policy_violation: 'content refused',
  safety: 'content refused',
  prohibited_content: 'content refused',
  blocklist: 'content refused',
  spii: 'content refused',
  image_safety: 'content refused',
  recitation: 'content refused',
  refusal: 'content refused',
}

/** Why retrying cannot fix this failure; undefined when it may. */
export function permanentCause(error: ResultError | undefined): PermanentCause | undefined {
  return error === undefined ? undefined : PERMANENT_CODES[error.code.toLowerCase()]
}

/** Reads `--only expired,failed`; a word that is not a kind is a one-line error naming the kinds. */
export function parseFailureKinds(text: string): FailureKind[] {
  const words = text
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word !== '')
  const unknown = words.find((word) => !(FAILURE_KINDS as readonly string[]).includes(word))
  if (unknown !== undefined || words.length === 0) {
    throw new UserError(`--only takes a comma-separated list of ${FAILURE_KINDS.join(', ')}${unknown === undefined ? '' : `, not "${unknown}"`}`)
  }
  return words as FailureKind[]
}
