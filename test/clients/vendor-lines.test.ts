import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import type {ResultLine} from '../../src/core/results/result.js'
import {normalizeAnthropicLine} from '../../src/providers/anthropic/anthropic-results.js'
import {normalizeGeminiLine} from '../../src/providers/gemini/gemini-results.js'
import type {BatchProvider} from '../../src/providers/names.js'
import {normalizeOpenAIEnvelope} from '../../src/providers/shared/openai-envelope.js'
import type {ResultContext} from '../../src/providers/shared/result-line.js'
import {matching} from '../support/matchers.js'

/** One case of test/fixtures/vendor-lines/<vendor>.json (see the README there for the sources). */
interface VendorLineCase {
  name: string
  source: string
  line: unknown
  expect: {ok: boolean; code?: string; vendor_code?: string; message?: string; text?: string; usage?: ResultLine['usage']}
}

type Normalizer = (value: unknown, context: ResultContext) => ResultLine | undefined

const NORMALIZERS: Record<string, Normalizer> = {
  openai: normalizeOpenAIEnvelope,
  groq: normalizeOpenAIEnvelope,
  together: normalizeOpenAIEnvelope,
  mistral: normalizeOpenAIEnvelope,
  anthropic: normalizeAnthropicLine,
  gemini: normalizeGeminiLine,
}

function cases(vendor: string): VendorLineCase[] {
  return JSON.parse(readFileSync(new URL(`../fixtures/vendor-lines/${vendor}.json`, import.meta.url), 'utf8')) as VendorLineCase[]
}

for (const [vendor, normalize] of Object.entries(NORMALIZERS)) {
  describe(`${vendor} result lines from the vendor's docs and SDK tests`, () => {
    const context = {model: 'm', provider: vendor as BatchProvider}
    for (const fixture of cases(vendor)) {
      it(`${fixture.name}: ${fixture.expect.ok ? 'success' : fixture.expect.code}`, () => {
        const line = normalize(fixture.line, context)
        expect(line).toBeDefined()
        expect(line!.ok).toBe(fixture.expect.ok)
        if (fixture.expect.ok) expect(line!.error).toBeUndefined()
        else expect(line!.error?.code).toBe(fixture.expect.code)
        if (fixture.expect.vendor_code !== undefined) expect(line!.error?.vendor_code).toBe(fixture.expect.vendor_code)
        if (fixture.expect.message !== undefined) expect(line!.error?.message).toContain(fixture.expect.message)
        if (fixture.expect.text !== undefined) expect(line!.text).toBe(fixture.expect.text)
        // A refused, blocked or truncated answer is billed: its usage stays on the line.
        if (fixture.expect.usage !== undefined) expect(line!.usage).toEqual(fixture.expect.usage)
      })
    }
  })
}

describe('lines that do not match the vendor format become missing, with the reason', () => {
  const context = {model: 'm', provider: 'openai' as const}

  it.each([
    ['a 200 body with neither choices nor output', {custom_id: 'a', response: {status_code: 200, body: {object: 'chat.completion'}}, error: null}, /neither a chat completion/],
    ['a choice without a message', {custom_id: 'b', response: {status_code: 200, body: {choices: [{finish_reason: 'stop'}]}}, error: null}, /no message/],
    ['content of the wrong type', {custom_id: 'c', response: {status_code: 200, body: {choices: [{message: {content: 42}, finish_reason: 'stop'}]}}, error: null}, /neither text nor a list/],
    ['no finish_reason', {custom_id: 'd', response: {status_code: 200, body: {choices: [{message: {content: 'hi'}}]}}, error: null}, /no finish_reason/],
    ['neither a response nor an error', {custom_id: 'e'}, /neither a response nor an error/],
  ])('OpenAI-style: %s', (_name, value, reason) => {
    expect(normalizeOpenAIEnvelope(value, context)).toMatchObject({custom_id: matching.any(String), ok: false, error: {code: 'missing', message: matching.stringMatching(reason)}})
  })

  it('Anthropic: a succeeded result without content or stop_reason, and an unknown result type', () => {
    const anthropic = {model: 'm', provider: 'anthropic' as const}
    expect(normalizeAnthropicLine({custom_id: 'a', result: {type: 'succeeded', message: {stop_reason: 'end_turn'}}}, anthropic)?.error).toMatchObject({code: 'missing', message: matching.stringMatching(/no content list/)})
    expect(normalizeAnthropicLine({custom_id: 'b', result: {type: 'succeeded', message: {content: []}}}, anthropic)?.error).toMatchObject({code: 'missing', message: matching.stringMatching(/no stop_reason/)})
    expect(normalizeAnthropicLine({custom_id: 'c', result: {type: 'paused'}}, anthropic)?.error).toMatchObject({code: 'missing', message: matching.stringMatching(/unknown result type "paused"/)})
  })

  it('Gemini: candidates that are not a list, and a candidate without finishReason', () => {
    const gemini = {model: 'm', provider: 'gemini' as const}
    expect(normalizeGeminiLine({key: 'a', response: {candidates: {}}}, gemini)?.error).toMatchObject({code: 'missing', message: matching.stringMatching(/not a list/)})
    expect(normalizeGeminiLine({key: 'b', response: {candidates: [{content: {parts: [{text: 'x'}]}}]}}, gemini)?.error).toMatchObject({code: 'missing', message: matching.stringMatching(/no finishReason/)})
  })

  it('a line without a request id cannot be joined back: it is skipped, and its request counts as missing', () => {
    expect(normalizeOpenAIEnvelope({response: {status_code: 200}}, context)).toBeUndefined()
    expect(normalizeOpenAIEnvelope(undefined, context)).toBeUndefined()
    expect(normalizeAnthropicLine({result: {type: 'succeeded'}}, {model: 'm', provider: 'anthropic'})).toBeUndefined()
    expect(normalizeGeminiLine({response: {}}, {model: 'm', provider: 'gemini'})).toBeUndefined()
  })
})

describe('what the normalizers keep', () => {
  it('leaves reasoning out of the answer text and counts reasoning and cached tokens', () => {
    const line = normalizeOpenAIEnvelope(
      {
        custom_id: 'request-2',
        response: {
          status_code: 200,
          body: {
            choices: [{message: {role: 'assistant', content: '{"answer":"42"}', reasoning_content: 'let me think'}, finish_reason: 'stop'}],
            usage: {prompt_tokens: 22, completion_tokens: 9, prompt_tokens_details: {cached_tokens: 4}, completion_tokens_details: {reasoning_tokens: 5}},
          },
        },
        error: null,
      },
      {model: 'gpt-4.1-mini', provider: 'openai'},
    )
    expect(line).toEqual({
      custom_id: 'request-2',
      ok: true,
      text: '{"answer":"42"}',
      parsed: {answer: '42'},
      usage: {input: 22, output: 9, reasoning: 5, cached: 4},
      model: 'gpt-4.1-mini',
      provider: 'openai',
    })
  })

  it('skips Anthropic thinking blocks and sums the three kinds of input tokens', () => {
    const line = {
      custom_id: 'ok-1',
      result: {
        type: 'succeeded',
        message: {
          content: [
            {type: 'thinking', thinking: 'hmm'},
            {type: 'text', text: 'Hello!'},
          ],
          stop_reason: 'end_turn',
          usage: {input_tokens: 16, output_tokens: 50, cache_creation_input_tokens: 4, cache_read_input_tokens: 8, output_tokens_details: {thinking_tokens: 40}},
        },
      },
    }
    expect(normalizeAnthropicLine(line, {model: 'm', provider: 'anthropic'})).toMatchObject({ok: true, text: 'Hello!', usage: {input: 28, output: 50, reasoning: 40, cached: 8}})
  })

  it('skips Gemini thought parts and counts thinking tokens as output', () => {
    const line = {
      key: 'request-1',
      response: {
        candidates: [{content: {role: 'model', parts: [{text: 'thinking...', thought: true}, {text: 'Photosynthesis is...'}]}, finishReason: 'STOP'}],
        usageMetadata: {promptTokenCount: 14, candidatesTokenCount: 900, thoughtsTokenCount: 100, cachedContentTokenCount: 6},
      },
    }
    expect(normalizeGeminiLine(line, {model: 'm', provider: 'gemini'})).toMatchObject({ok: true, text: 'Photosynthesis is...', usage: {input: 14, output: 1000, reasoning: 100, cached: 6}})
  })

  it('does not parse the partial text of a failed answer as structured output', () => {
    const line = normalizeOpenAIEnvelope(
      {custom_id: 'r', response: {status_code: 200, body: {choices: [{message: {content: '{"a": 1}'}, finish_reason: 'length'}]}}, error: null},
      {model: 'm', provider: 'openai'},
    )
    expect(line).toMatchObject({ok: false, text: '{"a": 1}', error: {code: 'truncated'}})
    expect(line).not.toHaveProperty('parsed')
  })
})
