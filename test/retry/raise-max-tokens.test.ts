import {describe, expect, it} from 'vitest'

import type {CanonicalRequest} from '../../src/core/prepare/request.js'
import {serializeRetryLine} from '../../src/core/retry/raise-max-tokens.js'
import {loadFormat} from '../../src/providers/index.js'
import {PROVIDER_NAMES, type ProviderName} from '../../src/providers/names.js'

const REQUEST: CanonicalRequest = {
  custom_id: 'S-01',
  system: 'Answer in JSON.',
  parts: [{type: 'text', text: 'How many?'}],
  max_tokens: 2000,
  schema: {name: 'Answer', schema: {type: 'object', properties: {answer: {type: 'string'}}, required: ['answer']}},
}

/** Where each vendor's line keeps its token limit, as its SDK types name it. */
const LIMIT_FIELDS: Record<ProviderName, readonly string[]> = {
  openai: ['body', 'max_completion_tokens'],
  groq: ['body', 'max_completion_tokens'],
  together: ['body', 'max_tokens'],
  mistral: ['body', 'max_tokens'],
  anthropic: ['params', 'max_tokens'],
  gemini: ['request', 'generationConfig', 'maxOutputTokens'],
}

function limitOf(provider: ProviderName, line: unknown): unknown {
  return LIMIT_FIELDS[provider].reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], line)
}

describe('bench retry --max-tokens rewrites each vendor\'s own limit field', () => {
  it.each(PROVIDER_NAMES)('%s', async (provider) => {
    const format = await loadFormat(provider)
    const prepared = JSON.parse(JSON.stringify(format.toLine(REQUEST, 'model-1'))) as unknown
    expect(limitOf(provider, prepared)).toBe(2000)
    const raised = JSON.parse(serializeRetryLine(format, JSON.stringify(prepared), 16000)) as unknown
    expect(limitOf(provider, raised)).toBe(16000)
    // Everything else is the prepared line as it was.
    const unraised = JSON.parse(serializeRetryLine(format, JSON.stringify(raised), 2000)) as unknown
    expect(unraised).toEqual(prepared)
  })
})
