import {describe, expect, it} from 'vitest'

import {normalizeAnthropicLine} from '../../src/providers/anthropic/anthropic-results.js'
import {normalizeGeminiLine} from '../../src/providers/gemini/gemini-results.js'
import {geminiStatus} from '../../src/providers/gemini/gemini-status.js'
import {normalizeOpenAIEnvelope} from '../../src/providers/shared/openai-envelope.js'

// Result lines as the vendors write them (providers.md 2.5, 3.5, 4.5, 5.5, 6.5).

describe('OpenAI-style result lines (OpenAI, Groq, Together, Mistral)', () => {
  const context = {model: 'gpt-4.1-mini', provider: 'openai' as const}

  it('reads the chat answer and its usage, cached and reasoning tokens included', () => {
    const line = {
      custom_id: 'request-2',
      response: {
        status_code: 200,
        body: {
          choices: [{message: {role: 'assistant', content: '{"answer":"42"}', reasoning_content: 'let me think'}}],
          usage: {prompt_tokens: 22, completion_tokens: 9, prompt_tokens_details: {cached_tokens: 4}, completion_tokens_details: {reasoning_tokens: 5}},
        },
      },
      error: null,
    }
    expect(normalizeOpenAIEnvelope(line, context)).toEqual({
      custom_id: 'request-2',
      ok: true,
      text: '{"answer":"42"}',
      parsed: {answer: '42'},
      usage: {input: 22, output: 9, reasoning: 5, cached: 4},
      ...context,
    })
  })

  it('reads a Responses API body, leaving the reasoning item out', () => {
    const body = {
      output: [
        {type: 'reasoning', summary: [{type: 'summary_text', text: 'thinking'}]},
        {type: 'message', content: [{type: 'output_text', text: 'Paris'}]},
      ],
      usage: {input_tokens: 10, output_tokens: 30, output_tokens_details: {reasoning_tokens: 20}},
    }
    const line = normalizeOpenAIEnvelope({custom_id: 'r', response: {status_code: 200, body}, error: null}, context)
    expect(line).toMatchObject({ok: true, text: 'Paris', usage: {input: 10, output: 30, reasoning: 20, cached: 0}})
    expect(line).not.toHaveProperty('parsed')
  })

  it('reports an HTTP error line and a never-run line as failures with the vendor code', () => {
    const rejected = {
      custom_id: 'request-5',
      response: {status_code: 400, body: {error: {message: "Invalid 'temperature'", type: 'invalid_request_error', code: null}}},
      error: null,
    }
    const expired = {custom_id: 'request-3', response: null, error: {code: 'batch_expired', message: 'not executed before the window expired'}}
    expect(normalizeOpenAIEnvelope(rejected, context)).toMatchObject({ok: false, error: {code: 'invalid_request_error', message: "Invalid 'temperature'"}})
    expect(normalizeOpenAIEnvelope(expired, context)).toMatchObject({ok: false, error: {code: 'batch_expired'}})
  })

  it('reads Together error rows, which have no response at all', () => {
    const line = {id: 'br_abc', custom_id: 'bad-model', error: {code: 'batch_client_error', message: 'Unable to access model'}}
    expect(normalizeOpenAIEnvelope(line, {model: 'm', provider: 'together'})).toMatchObject({ok: false, error: {code: 'batch_client_error'}})
  })

  it('cannot join a line without custom_id', () => {
    expect(normalizeOpenAIEnvelope({response: {status_code: 200}}, context)).toBeUndefined()
    expect(normalizeOpenAIEnvelope(undefined, context)).toBeUndefined()
  })
})

describe('Anthropic result lines', () => {
  const context = {model: 'claude-sonnet-4-5', provider: 'anthropic' as const}

  it('keeps text blocks only and sums the three kinds of input tokens', () => {
    const line = {
      custom_id: 'ok-1',
      result: {
        type: 'succeeded',
        message: {
          content: [
            {type: 'thinking', thinking: 'hmm'},
            {type: 'text', text: 'Hello!'},
          ],
          usage: {input_tokens: 16, output_tokens: 50, cache_creation_input_tokens: 4, cache_read_input_tokens: 8, output_tokens_details: {thinking_tokens: 40}},
        },
      },
    }
    expect(normalizeAnthropicLine(line, context)).toMatchObject({ok: true, text: 'Hello!', usage: {input: 28, output: 50, reasoning: 40, cached: 8}})
  })

  it('maps errored, canceled and expired rows to failures', () => {
    const errored = {custom_id: 'e', result: {type: 'errored', error: {type: 'error', error: {type: 'not_found_error', message: 'model: x'}}}}
    expect(normalizeAnthropicLine(errored, context)).toMatchObject({ok: false, error: {code: 'not_found_error', message: 'model: x'}})
    expect(normalizeAnthropicLine({custom_id: 'c', result: {type: 'canceled'}}, context)).toMatchObject({ok: false, error: {code: 'cancelled'}})
    expect(normalizeAnthropicLine({custom_id: 'x', result: {type: 'expired'}}, context)).toMatchObject({ok: false, error: {code: 'expired'}})
  })
})

describe('Gemini result lines and status', () => {
  const context = {model: 'gemini-2.5-flash', provider: 'gemini' as const}

  it('skips thought parts and counts thinking tokens as output', () => {
    const line = {
      key: 'request-1',
      response: {
        candidates: [{content: {role: 'model', parts: [{text: 'thinking...', thought: true}, {text: 'Photosynthesis is...'}]}, finishReason: 'STOP'}],
        usageMetadata: {promptTokenCount: 14, candidatesTokenCount: 900, thoughtsTokenCount: 100, cachedContentTokenCount: 6},
      },
    }
    expect(normalizeGeminiLine(line, context)).toMatchObject({ok: true, text: 'Photosynthesis is...', usage: {input: 14, output: 1000, reasoning: 100, cached: 6}})
  })

  it('reports error lines and blocked prompts as failures', () => {
    expect(normalizeGeminiLine({key: 'request-2', error: {code: 3, message: 'bad', status: 'INVALID_ARGUMENT'}}, context)).toMatchObject({
      ok: false,
      error: {code: 'INVALID_ARGUMENT', message: 'bad'},
    })
    expect(normalizeGeminiLine({key: 'b', response: {promptFeedback: {blockReason: 'SAFETY'}}}, context)).toMatchObject({ok: false, error: {code: 'SAFETY'}})
  })

  it('reads counts from the raw operation, int64 strings included', () => {
    const status = geminiStatus({
      name: 'batches/1',
      done: true,
      metadata: {
        state: 'BATCH_STATE_SUCCEEDED',
        createTime: '2026-09-01T10:00:00Z',
        batchStats: {requestCount: '3', successfulRequestCount: '2', failedRequestCount: '1'},
        output: {responsesFile: 'files/batch-1'},
      },
    })
    expect(status).toMatchObject({state: 'completed', provider_status: 'BATCH_STATE_SUCCEEDED', counts: {total: 3, succeeded: 2, failed: 1, pending: 0}, results_available: true})
  })
})
