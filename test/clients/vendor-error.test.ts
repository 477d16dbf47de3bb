import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import {describe, expect, it} from 'vitest'

import {HttpFailure} from '../../src/providers/shared/http-failure.js'
import {vendorError} from '../../src/providers/shared/vendor-error.js'

const vendor = {label: 'OpenAI', keyVariable: 'OPENAI_API_KEY', key: 'sk-proj-secretsecretsecret'}

describe('vendor errors', () => {
  it('never shows the key, even a truncated echo of it', () => {
    const error = vendorError(vendor, Object.assign(new Error('401'), {status: 401, error: {message: 'Incorrect API key provided: sk-proj-secr****cret.\nSee docs'}}))
    expect(error.message).toBe('OpenAI answered 401 (auth): Incorrect API key provided: *** See docs; check OPENAI_API_KEY in .env')
    expect(error.exitCode).toBe(3)
  })

  it('reads Gemini and Mistral error bodies and says what to do', () => {
    const gemini = Object.assign(new Error('{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}'), {status: 429})
    expect(vendorError({...vendor, label: 'Gemini'}, gemini).message).toMatch(/^Gemini answered 429 \(rate_limit\): Quota exceeded; .*wait/)
    const mistral = Object.assign(new Error('API error occurred'), {statusCode: 404, body: '{"detail":"Model not found"}'})
    expect(vendorError({...vendor, label: 'Mistral'}, mistral).message).toMatch(/^Mistral answered 404 \(not_found\): Model not found; check the model name/)
  })

  it('calls an error without a status a connection failure', () => {
    const error = vendorError(vendor, new TypeError('fetch failed', {cause: new Error('connect ECONNREFUSED 127.0.0.1:1')}))
    expect(error.message).toBe('OpenAI could not be reached: fetch failed (connect ECONNREFUSED 127.0.0.1:1); check the network (and any base URL override), then retry')
    expect(error.details).toEqual({kind: 'unreachable'})
  })

  it("keeps the kind and the vendor's request id of an OpenAI SDK error, in the line and as fields", () => {
    const sdkError = OpenAI.APIError.generate(
      429,
      {error: {message: 'Rate limit reached for gpt-4.1', type: 'requests', code: 'rate_limit_exceeded'}},
      undefined,
      new Headers({'x-request-id': 'req_8f2c'}),
    )
    const error = vendorError(vendor, sdkError)
    expect(error.message).toBe(
      'OpenAI answered 429 (rate_limit, request req_8f2c): Rate limit reached for gpt-4.1; rate limit or quota reached: wait a while and re-run the command, it resumes where it stopped',
    )
    expect(error.details).toEqual({kind: 'rate_limit', status: 429, request_id: 'req_8f2c'})
  })

  it("reads Anthropic's request-id header, and the request_id of its error body", () => {
    const anthropic = {...vendor, label: 'Anthropic', keyVariable: 'ANTHROPIC_API_KEY'}
    const body = {type: 'error', error: {type: 'invalid_request_error', message: 'requests.0.custom_id: String should match pattern'}, request_id: 'req_011CX'}
    const fromHeader = vendorError(anthropic, Anthropic.APIError.generate(400, body, undefined, new Headers({'request-id': 'req_011CX'})))
    expect(fromHeader.details).toEqual({kind: 'invalid_request', status: 400, request_id: 'req_011CX'})
    const fromBody = vendorError(anthropic, Anthropic.APIError.generate(400, body, undefined, new Headers()))
    expect(fromBody.message).toMatch(/^Anthropic answered 400 \(invalid_request, request req_011CX\): requests\.0\.custom_id/)
  })

  it("reads the request id of bench's own GETs, and names a missing batch as not found", () => {
    const failure = new HttpFailure(404, '{"error":"Job not found","request_id":"2f1e"}', new Headers())
    expect(vendorError({...vendor, label: 'Together'}, failure).details).toEqual({kind: 'not_found', status: 404, request_id: '2f1e'})
    const headed = new HttpFailure(500, 'oops', new Headers({'x-kong-request-id': 'k-77'}))
    expect(vendorError({...vendor, label: 'Mistral'}, headed).message).toMatch(/^Mistral answered 500 \(server_error, request k-77\): oops; Mistral is having trouble/)
  })
})
