import {describe, expect, it} from 'vitest'

import {normalizeAnthropicLine} from '../../src/providers/anthropic/anthropic-results.js'
import {normalizeGeminiLine} from '../../src/providers/gemini/gemini-results.js'
import {normalizeOpenAIEnvelope} from '../../src/providers/shared/openai-envelope.js'
import {matching} from '../support/matchers.js'

/**
 * Answers of the less common shapes the vendors' SDK types allow (test/fixtures/vendor-lines has
 * the published ones): each must read as the fate a user would expect, never as a success.
 */

const openai = {model: 'm', provider: 'openai' as const}
const mistral = {model: 'm', provider: 'mistral' as const}
const anthropic = {model: 'm', provider: 'anthropic' as const}
const gemini = {model: 'm', provider: 'gemini' as const}

/** An OpenAI-style batch line answered 200 with `body`. */
const answeredWith = (body: object) => ({custom_id: 'r', response: {status_code: 200, body}, error: null})

describe('chat completion bodies', () => {
  it('a body with an empty choices list is unreadable, not an empty success', () => {
    expect(normalizeOpenAIEnvelope(answeredWith({choices: []}), openai)).toMatchObject({ok: false, error: {code: 'missing', message: "the vendor's line for this request could not be read: the chat completion has no choices[0]"}})
  })

  it("Mistral's content as chunks (AssistantMessage.content: string | ContentChunk[]): the text chunks joined, thinking chunks left out", () => {
    const body = {
      choices: [
        {
          index: 0,
          message: {role: 'assistant', content: [{type: 'thinking', thinking: [{type: 'text', text: 'let me see'}]}, {type: 'text', text: '{"answer":'}, {type: 'text', text: '"7"}'}]},
          finish_reason: 'stop',
        },
      ],
    }
    expect(normalizeOpenAIEnvelope(answeredWith(body), mistral)).toMatchObject({ok: true, text: '{"answer":"7"}', parsed: {answer: '7'}})
  })

  it('finish_reason "stop" with content null and no refusal is a failure: there is no answer to score', () => {
    const body = {choices: [{index: 0, message: {role: 'assistant', content: null, refusal: null}, finish_reason: 'stop'}]}
    expect(normalizeOpenAIEnvelope(answeredWith(body), openai)).toMatchObject({
      ok: false,
      error: {code: 'failed', message: 'the answer has no content (finish_reason "stop")', vendor_code: 'stop'},
    })
  })

  it('an empty refusal string beside the content is no refusal', () => {
    const body = {choices: [{index: 0, message: {role: 'assistant', content: 'B', refusal: ''}, finish_reason: 'stop'}]}
    expect(normalizeOpenAIEnvelope(answeredWith(body), openai)).toMatchObject({ok: true, text: 'B'})
  })
})

describe('Responses API bodies (openai-node Response)', () => {
  const message = (content: unknown) => ({type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content})
  const text = (value: string) => ({type: 'output_text', text: value, annotations: []})

  it('a message item whose content is not a list is unreadable', () => {
    expect(normalizeOpenAIEnvelope(answeredWith({status: 'completed', output: [message('hi')]}), openai)).toMatchObject({
      ok: false,
      error: {code: 'missing', message: matching.stringContaining('an output message has no content list')},
    })
  })

  it('a refusal part with an empty explanation still refuses, in words', () => {
    const line = normalizeOpenAIEnvelope(answeredWith({status: 'completed', output: [message([{type: 'refusal', refusal: ''}])]}), openai)
    expect(line).toMatchObject({ok: false, error: {code: 'refusal', message: 'the model refused'}})
  })

  it('no status (Response.status is optional): incomplete_details decides, its reason kept', () => {
    const line = normalizeOpenAIEnvelope(answeredWith({output: [message([text('{"ans')])], incomplete_details: {reason: 'max_output_tokens'}}), openai)
    expect(line).toMatchObject({ok: false, text: '{"ans', error: {code: 'truncated', vendor_code: 'max_output_tokens'}})
    expect(normalizeOpenAIEnvelope(answeredWith({output: [message([text('A')])]}), openai)).toMatchObject({ok: true, text: 'A'})
  })

  it('incomplete without a reason, or for a reason bench has no meaning for, is failed and says which', () => {
    expect(normalizeOpenAIEnvelope(answeredWith({status: 'incomplete', incomplete_details: null, output: []}), openai)?.error).toEqual({
      code: 'failed',
      message: 'the response is incomplete (incomplete_details.reason "none given")',
    })
    expect(normalizeOpenAIEnvelope(answeredWith({status: 'incomplete', incomplete_details: {reason: 'max_messages'}, output: []}), openai)?.error).toEqual({
      code: 'failed',
      message: 'the response is incomplete (incomplete_details.reason "max_messages")',
      vendor_code: 'max_messages',
    })
  })

  it('failed: the ResponseError code read as bench\'s code, its message kept; without an error, said so', () => {
    const failedWith = (error: unknown) => normalizeOpenAIEnvelope(answeredWith({status: 'failed', error, output: []}), openai)?.error
    expect(failedWith({code: 'rate_limit_exceeded', message: 'Slow down'})).toEqual({code: 'rate_limit', message: 'Slow down', vendor_code: 'rate_limit_exceeded'})
    expect(failedWith({code: 'image_too_large', message: 'The image is too large'})).toEqual({code: 'failed', message: 'The image is too large', vendor_code: 'image_too_large'})
    expect(failedWith(null)).toEqual({code: 'failed', message: 'the response failed'})
  })

  it('cancelled, and a status that is no end (in_progress), are failures naming the status', () => {
    expect(normalizeOpenAIEnvelope(answeredWith({status: 'cancelled', output: []}), openai)?.error).toEqual({code: 'cancelled', message: 'the response was cancelled', vendor_code: 'cancelled'})
    expect(normalizeOpenAIEnvelope(answeredWith({status: 'in_progress', output: []}), openai)?.error).toEqual({
      code: 'failed',
      message: 'the response ended with status "in_progress"',
      vendor_code: 'in_progress',
    })
  })
})

describe('OpenAI-style envelopes', () => {
  it('a 200 line whose body is not an object is unreadable', () => {
    expect(normalizeOpenAIEnvelope({custom_id: 'r', response: {status_code: 200, body: 'OK'}, error: null}, openai)?.error).toMatchObject({
      code: 'missing',
      message: matching.stringContaining('response.body is not an object'),
    })
  })

  it('an error line without a response and without a message says "no response", keeping the vendor code', () => {
    expect(normalizeOpenAIEnvelope({custom_id: 'r', response: null, error: {code: 'batch_expired'}}, openai)?.error).toEqual({
      code: 'expired',
      message: 'no response',
      vendor_code: 'batch_expired',
    })
  })
})

describe('Anthropic messages and errors', () => {
  const succeeded = (message: object) => ({custom_id: 'a', result: {type: 'succeeded', message: {type: 'message', role: 'assistant', usage: {input_tokens: 3, output_tokens: 2}, ...message}}})

  it('a refusal without stop_details: the text the model wrote is the reason, else "the model refused"', () => {
    expect(normalizeAnthropicLine(succeeded({content: [{type: 'text', text: ' I cannot help with that. '}], stop_reason: 'refusal'}), anthropic)?.error).toEqual({
      code: 'refusal',
      message: 'I cannot help with that.',
      vendor_code: 'refusal',
    })
    expect(normalizeAnthropicLine(succeeded({content: [], stop_reason: 'refusal', stop_details: null}), anthropic)?.error).toEqual({
      code: 'refusal',
      message: 'the model refused',
      vendor_code: 'refusal',
    })
  })

  it('a refusal whose stop_details has a category and a null explanation (RefusalStopDetails)', () => {
    const line = succeeded({content: [], stop_reason: 'refusal', stop_details: {type: 'refusal', category: 'cyber', explanation: null}})
    expect(normalizeAnthropicLine(line, anthropic)?.error).toEqual({code: 'refusal', message: 'the model refused (category cyber)', vendor_code: 'refusal:cyber'})
  })

  it('errored with a type bench has no meaning for (billing_error) is failed, the type kept; errored with no error body says so', () => {
    const errored = (error: unknown) => normalizeAnthropicLine({custom_id: 'a', result: {type: 'errored', error}}, anthropic)?.error
    expect(errored({type: 'error', error: {type: 'billing_error', message: 'Your credit balance is too low'}, request_id: 'req_1'})).toEqual({
      code: 'failed',
      message: 'Your credit balance is too low',
      vendor_code: 'billing_error',
    })
    expect(errored(null)).toEqual({code: 'failed', message: 'request failed'})
  })
})

describe('Gemini lines', () => {
  it('an error with only the numeric google.rpc code: the code kept as the vendor code, the missing message said', () => {
    expect(normalizeGeminiLine({key: 'g', error: {code: 3}}, gemini)?.error).toEqual({code: 'failed', message: 'request failed', vendor_code: '3'})
    expect(normalizeGeminiLine({key: 'g', error: {message: 'Internal error', details: []}}, gemini)?.error).toEqual({code: 'failed', message: 'Internal error'})
  })

  it('an empty response is unreadable', () => {
    expect(normalizeGeminiLine({key: 'g', response: {}}, gemini)?.error).toMatchObject({code: 'missing', message: matching.stringContaining('it has neither a response nor an error')})
  })

  it('a blocked prompt with its blockReasonMessage', () => {
    const line = {key: 'g', response: {promptFeedback: {blockReason: 'OTHER', blockReasonMessage: 'The prompt was blocked.'}, usageMetadata: {promptTokenCount: 9}}}
    expect(normalizeGeminiLine(line, gemini)?.error).toEqual({code: 'safety', message: 'Gemini blocked the prompt (blockReason OTHER): The prompt was blocked.', vendor_code: 'OTHER'})
  })

  it('no candidate and no block reason is a failure, not an empty answer', () => {
    expect(normalizeGeminiLine({key: 'g', response: {candidates: [], usageMetadata: {promptTokenCount: 9}}}, gemini)?.error).toEqual({
      code: 'failed',
      message: 'Gemini returned no candidate and no block reason',
    })
  })

  it('content.parts that is not a list is unreadable; a candidate without content reads as no text', () => {
    expect(normalizeGeminiLine({key: 'g', response: {candidates: [{content: {parts: {text: 'x'}}, finishReason: 'STOP'}]}}, gemini)?.error).toMatchObject({
      code: 'missing',
      message: matching.stringContaining('candidates[0].content.parts is not a list'),
    })
    expect(normalizeGeminiLine({key: 'g', response: {candidates: [{finishReason: 'MAX_TOKENS'}]}}, gemini)).toMatchObject({ok: false, error: {code: 'truncated', vendor_code: 'MAX_TOKENS'}})
  })
})
