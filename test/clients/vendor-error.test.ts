import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import {describe, expect, it} from 'vitest'

import {UserError} from '../../src/core/errors.js'
import {HttpFailure} from '../../src/providers/shared/http-failure.js'
import {incompleteAnswer, scrub, streamVendor, vendorError} from '../../src/providers/shared/vendor-error.js'

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

  it('names what was thrown when it is no Error: a string, an object without a message', () => {
    expect(vendorError(vendor, 'socket hang up').message).toBe('OpenAI could not be reached: socket hang up; check the network (and any base URL override), then retry')
    class AbortedUpload {}
    expect(vendorError(vendor, new AbortedUpload()).message).toBe('OpenAI could not be reached: AbortedUpload thrown without a message; check the network (and any base URL override), then retry')
    expect(vendorError(vendor, Object.create(null)).message).toMatch(/^OpenAI could not be reached: an object thrown without a message;/)
  })

  it('a status with no message at all, or an empty body, still gives the kind and the advice', () => {
    expect(vendorError(vendor, {status: 503, message: ''}).message).toBe('OpenAI answered 503 (server_error); OpenAI is having trouble: wait a while and re-run the command')
    expect(vendorError(vendor, new HttpFailure(502, '', new Headers())).message).toMatch(/^OpenAI answered 502 \(server_error\): .*; OpenAI is having trouble/)
  })

  it('cuts a long vendor message to one line of 300 characters', () => {
    const error = vendorError(vendor, {status: 400, error: {message: `Invalid schema:\n${'x'.repeat(400)}`}})
    const said = /^OpenAI answered 400 \(invalid_request\): (.*); the request was refused as shown/.exec(error.message)?.[1]
    expect(said).toHaveLength(300)
    expect(said).toMatch(/^Invalid schema: x+…$/)
  })

  it('passes its own refusals through untouched', () => {
    const refusal = new UserError('OPENAI_API_KEY is not set: add it to .env')
    expect(vendorError(vendor, refusal)).toBe(refusal)
  })
})

/** A download that delivers `lines`, one a tick, then fails with `error`. */
async function* linesThenFailure(lines: string[], error: Error): AsyncGenerator<string> {
  for (const line of lines) {
    await Promise.resolve()
    yield line
  }
  await Promise.resolve()
  throw error
}

describe('streamVendor', () => {
  it("passes a refusal thrown mid-stream through without building the vendor (it may be what refused)", async () => {
    const stream = streamVendor(
      () => {
        throw new Error('the vendor was built')
      },
      () => linesThenFailure([], new UserError('GEMINI_API_KEY is not set: add it to .env')),
    )
    await expect(stream.next()).rejects.toThrow('GEMINI_API_KEY is not set: add it to .env')
  })

  it('turns an SDK failure mid-stream into the one-line vendor error', async () => {
    const stream = streamVendor(
      () => vendor,
      () => linesThenFailure(['line 1'], Object.assign(new Error('Internal error'), {status: 500})),
    )
    expect((await stream.next()).value).toBe('line 1')
    await expect(stream.next()).rejects.toThrow('OpenAI answered 500 (server_error): Internal error; OpenAI is having trouble')
  })
})

describe('scrub and incompleteAnswer', () => {
  it('scrub: an empty key leaves the text, a short key is replaced where it appears', () => {
    expect(scrub('key abc in the url', '')).toBe('key abc in the url')
    expect(scrub('key abc in the url', 'abc')).toBe('key *** in the url')
  })

  it('incompleteAnswer: the vendor is blamed (exit 3) and the user told how to resume', () => {
    const error = incompleteAnswer('Gemini', 'created the batch but returned no name')
    expect(error.message).toBe('Gemini created the batch but returned no name; run `bench list` and re-run the command')
    expect(error.exitCode).toBe(3)
  })
})
