/**
 * The closed list of `error.code` values of a result line with `ok: false` (DESIGN.md "Result
 * line"), and what each means for a resubmission. The one place `results`, `retry`, `jury` and
 * `score` learn a request's fate from: a vendor's own word for it travels beside, as `vendor_code`.
 */
export const RESULT_CODES = [
  'refusal',
  'safety',
  'recitation',
  'truncated',
  'invalid_request',
  'rate_limit',
  'server_error',
  'failed',
  'expired',
  'cancelled',
  'batch_failed',
  'missing',
] as const

export type ResultCode = (typeof RESULT_CODES)[number]

/**
 * What sending the same request again can do.
 * - `transient`: the next attempt may well succeed; `bench run` resubmits these by itself.
 * - `resubmittable`: the same bytes meet the same fate, but a changed request may not: `bench retry`
 *   resubmits it (a truncated answer, with `--max-tokens` raising its limit); `bench run` does not.
 * - `permanent`: the same bytes get the same answer; `bench retry` leaves it out unless
 *   `--include-permanent`.
 */
export type Resubmission = 'transient' | 'resubmittable' | 'permanent'

export interface ResultCodeInfo {
  resubmission: Resubmission
  /**
   * The model answered, and the vendor billed it, but the answer is no answer to judge: refused,
   * blocked, recited or cut off. The jury sends none of these to the judges and scores them as
   * incorrect.
   */
  withheld: boolean
  /** What happened, in a few words for cards. */
  meaning: string
}

export const RESULT_CODE_INFO: Readonly<Record<ResultCode, ResultCodeInfo>> = {
  refusal: {resubmission: 'permanent', withheld: true, meaning: 'the model refused'},
  safety: {resubmission: 'permanent', withheld: true, meaning: "blocked by the vendor's content filter"},
  recitation: {resubmission: 'permanent', withheld: true, meaning: 'blocked as a recitation of a source'},
  truncated: {resubmission: 'resubmittable', withheld: true, meaning: 'cut off at the token limit'},
  invalid_request: {resubmission: 'permanent', withheld: false, meaning: 'the vendor refused the request as invalid'},
  rate_limit: {resubmission: 'transient', withheld: false, meaning: 'rate limit or quota reached'},
  server_error: {resubmission: 'transient', withheld: false, meaning: "the vendor's server failed"},
  failed: {resubmission: 'transient', withheld: false, meaning: 'another vendor failure'},
  expired: {resubmission: 'transient', withheld: false, meaning: 'the batch expired before it ran'},
  cancelled: {resubmission: 'transient', withheld: false, meaning: 'the batch was cancelled before it ran'},
  batch_failed: {resubmission: 'transient', withheld: false, meaning: 'the vendor failed the whole batch'},
  missing: {resubmission: 'transient', withheld: false, meaning: 'the vendor returned no readable line'},
}

/** The codes of an answer the model gave but bench will not judge (see `withheld`). */
export const WITHHELD_CODES: readonly ResultCode[] = RESULT_CODES.filter((code) => RESULT_CODE_INFO[code].withheld)

export function isResultCode(value: unknown): value is ResultCode {
  return typeof value === 'string' && Object.hasOwn(RESULT_CODE_INFO, value)
}

/**
 * A vendor's word for a failed request, lower-cased, and the code it means. OpenAI's and
 * Anthropic's error types (`*_error`), Gemini's `google.rpc` statuses and block reasons, the not-run
 * codes of the OpenAI-style envelope (`batch_expired`...), Together's `batch_client_error`. A word
 * not listed is read by its HTTP status when there is one (`httpCode`), else as `failed`.
 */
const VENDOR_WORDS: Readonly<Record<string, ResultCode>> = {
  invalid_request_error: 'invalid_request',
  invalid_request: 'invalid_request',
  invalid_argument: 'invalid_request',
  failed_precondition: 'invalid_request',
  out_of_range: 'invalid_request',
  not_found_error: 'invalid_request',
  not_found: 'invalid_request',
  model_not_found: 'invalid_request',
  context_length_exceeded: 'invalid_request',
  string_above_max_length: 'invalid_request',
  invalid_prompt: 'invalid_request',
  request_too_large: 'invalid_request',
  batch_client_error: 'invalid_request',
  rate_limit_error: 'rate_limit',
  rate_limit_exceeded: 'rate_limit',
  resource_exhausted: 'rate_limit',
  api_error: 'server_error',
  overloaded_error: 'server_error',
  timeout_error: 'server_error',
  server_error: 'server_error',
  internal: 'server_error',
  unavailable: 'server_error',
  deadline_exceeded: 'server_error',
  content_filter: 'safety',
  content_policy_violation: 'safety',
  safety: 'safety',
  prohibited_content: 'safety',
  blocklist: 'safety',
  spii: 'safety',
  image_safety: 'safety',
  recitation: 'recitation',
  refusal: 'refusal',
  batch_expired: 'expired',
  expired: 'expired',
  timeout_exceeded: 'expired',
  batch_cancelled: 'cancelled',
  batch_canceled: 'cancelled',
  canceled: 'cancelled',
  cancelled: 'cancelled',
  batch_failed: 'batch_failed',
}

/**
 * The code of a vendor's error: its first word that is known (`words` most specific first, e.g.
 * an OpenAI error's `code` before its `type`), else the HTTP status it came with, else `failed`.
 */
export function codeOfVendorError(words: readonly (string | undefined)[], httpStatus?: number): ResultCode {
  for (const word of words) {
    const known = word === undefined ? undefined : VENDOR_WORDS[word.toLowerCase()]
    if (known !== undefined) return known
  }
  return httpStatus === undefined ? 'failed' : codeOfHttpStatus(httpStatus)
}

export function codeOfHttpStatus(status: number): ResultCode {
  if (status === 429) return 'rate_limit'
  if (status === 408 || status >= 500) return 'server_error'
  if (status === 400 || status === 404 || status === 413 || status === 422) return 'invalid_request'
  return 'failed'
}

/**
 * The code of a line's error, results files written before the closed list included: they carry
 * the vendor's code (`invalid_request_error`, `SAFETY`, `http_429`...), read here as its meaning.
 */
export function resultCodeOf(error: {code: string} | undefined): ResultCode {
  const code = error?.code
  if (code === undefined) return 'failed'
  if (isResultCode(code)) return code
  const http = /^http_(\d{3})$/.exec(code)
  return http === null ? codeOfVendorError([code]) : codeOfHttpStatus(Number(http[1]))
}
