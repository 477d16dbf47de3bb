import {describe, expect, it} from 'vitest'

import {RESULT_CODE_INFO, RESULT_CODES, WITHHELD_CODES, codeOfVendorError, resultCodeOf} from '../../src/core/results/result-codes.js'
import {TRANSIENT_CODES, parseOnlyCodes} from '../../src/core/retry/reasons.js'

describe('the closed list of result codes', () => {
  it('says which fates bench run resubmits, which bench retry resubmits, and which it leaves', () => {
    expect(TRANSIENT_CODES).toEqual(['rate_limit', 'server_error', 'failed', 'expired', 'cancelled', 'batch_failed', 'missing'])
    expect(RESULT_CODES.filter((code) => RESULT_CODE_INFO[code].resubmission === 'resubmittable')).toEqual(['truncated'])
    expect(RESULT_CODES.filter((code) => RESULT_CODE_INFO[code].resubmission === 'permanent')).toEqual(['refusal', 'safety', 'recitation', 'invalid_request'])
    // What the jury does not send to the judges: answers the model gave that are no answer.
    expect(WITHHELD_CODES).toEqual(['refusal', 'safety', 'recitation', 'truncated'])
  })

  it('reads results files written before the closed list by the meaning of their vendor codes', () => {
    const legacy: Record<string, string> = {
      invalid_request_error: 'invalid_request',
      INVALID_ARGUMENT: 'invalid_request',
      http_400: 'invalid_request',
      http_429: 'rate_limit',
      http_503: 'server_error',
      api_error: 'server_error',
      SAFETY: 'safety',
      RECITATION: 'recitation',
      NO_CANDIDATES: 'failed',
      unknown_result: 'failed',
      batch_expired: 'expired',
      canceled: 'cancelled',
      missing: 'missing',
    }
    for (const [code, meaning] of Object.entries(legacy)) expect(resultCodeOf({code}), code).toBe(meaning)
  })

  it('reads a vendor error by its most specific known word, then its HTTP status', () => {
    expect(codeOfVendorError(['rate_limit_exceeded', 'tokens'], 429)).toBe('rate_limit')
    expect(codeOfVendorError([undefined, 'invalid_request_error'], 400)).toBe('invalid_request')
    expect(codeOfVendorError(['invalid_api_key'], 401)).toBe('failed')
    expect(codeOfVendorError(['something_new'], 502)).toBe('server_error')
  })

  it('--only takes result codes and names them when given another word', () => {
    expect(parseOnlyCodes('truncated, expired')).toEqual(['truncated', 'expired'])
    expect(() => parseOnlyCodes('truncated,oops')).toThrow(/^--only takes a comma-separated list of refusal, safety, .*, missing, not "oops"$/)
  })
})
