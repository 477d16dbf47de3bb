import {describe, expect, it} from 'vitest'

import {PROVIDER_NAMES, loadFormat} from '../../src/providers/index.js'

/** The caps each vendor documents (providers.md; Gemini's request cap is ours, see its format). */
const expected = {
  openai: {limits: {maxRequests: 50_000, maxBytes: 200_000_000}, thinking: {level: true, budget: false}, requiresMaxTokens: false},
  anthropic: {limits: {maxRequests: 100_000, maxBytes: 256_000_000}, thinking: {level: false, budget: true}, requiresMaxTokens: true},
  gemini: {limits: {maxRequests: 100_000, maxBytes: 2_000_000_000}, thinking: {level: true, budget: true}, requiresMaxTokens: false},
  mistral: {limits: {maxRequests: 100_000, maxBytes: 512_000_000}, thinking: {level: true, budget: false}, requiresMaxTokens: false},
  together: {limits: {maxRequests: 50_000, maxBytes: 100_000_000}, thinking: {level: true, budget: false}, requiresMaxTokens: false},
  groq: {limits: {maxRequests: 50_000, maxBytes: 100_000_000}, thinking: {level: true, budget: false}, requiresMaxTokens: false},
}

describe('line formats', () => {
  it.each(PROVIDER_NAMES)('%s: loads by name and declares its batch caps and controls', async (provider) => {
    const format = await loadFormat(provider)
    expect(format.provider).toBe(provider)
    expect({limits: format.limits, thinking: format.thinking, requiresMaxTokens: format.requiresMaxTokens}).toStrictEqual(expected[provider])
  })
})
