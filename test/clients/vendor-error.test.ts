import {describe, expect, it} from 'vitest'

import {vendorError} from '../../src/providers/shared/vendor-error.js'

const vendor = {label: 'OpenAI', keyVariable: 'OPENAI_API_KEY', key: 'sk-proj-secretsecretsecret'}

describe('vendor errors', () => {
  it('never shows the key, even a truncated echo of it', () => {
    const error = vendorError(vendor, Object.assign(new Error('401'), {status: 401, error: {message: 'Incorrect API key provided: sk-proj-secr****cret.\nSee docs'}}))
    expect(error.message).toBe('OpenAI answered 401: Incorrect API key provided: *** See docs; check OPENAI_API_KEY in .env')
    expect(error.exitCode).toBe(3)
  })

  it('reads Gemini and Mistral error bodies and says what to do', () => {
    const gemini = Object.assign(new Error('{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}'), {status: 429})
    expect(vendorError({...vendor, label: 'Gemini'}, gemini).message).toMatch(/^Gemini answered 429: Quota exceeded; .*wait/)
    const mistral = Object.assign(new Error('API error occurred'), {statusCode: 404, body: '{"detail":"Model not found"}'})
    expect(vendorError({...vendor, label: 'Mistral'}, mistral).message).toMatch(/^Mistral answered 404: Model not found; check the model name/)
  })

  it('calls an error without a status a connection failure', () => {
    const error = vendorError(vendor, new TypeError('fetch failed', {cause: new Error('connect ECONNREFUSED 127.0.0.1:1')}))
    expect(error.message).toBe('OpenAI could not be reached: fetch failed (connect ECONNREFUSED 127.0.0.1:1); check the network (and any base URL override), then retry')
  })
})
