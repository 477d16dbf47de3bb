import {describe, expect, it} from 'vitest'

import {pdfRequest, pictureContent, system, textRequest} from './golden.js'
import {TEXT_QUESTION, TINY_JPEG, onTheWire, pictureRiddle, textRiddle} from './riddle-fixtures.js'
import {buildPredictionRequest} from '../../src/core/dataset/layton-prompt.js'
import {BenchmarkAnswer} from '../../src/core/dataset/schemas.js'
import type {CanonicalRequest} from '../../src/core/prepare/request.js'
import {anthropicFormat} from '../../src/providers/anthropic/format.js'

const outputConfig = {format: {type: 'json_schema', schema: BenchmarkAnswer.schema}}

describe('anthropic line', () => {
  it('llm, hints 0: custom_id and params with max_tokens, system and the schema in output_config', () => {
    const request = buildPredictionRequest(textRiddle, {hints: 0, maxTokens: 4096})
    expect(onTheWire(anthropicFormat.toLine(request, 'claude-opus-4-5'))).toStrictEqual({
      custom_id: '005-3',
      params: {
        model: 'claude-opus-4-5',
        max_tokens: 4096,
        system,
        messages: [{role: 'user', content: [{type: 'text', text: TEXT_QUESTION}]}],
        output_config: outputConfig,
      },
    })
  })

  it('vlm, hints 4: a base64 image block after the question, each hint its own block, thinking budget', () => {
    const request = buildPredictionRequest(pictureRiddle, {hints: 4, maxTokens: 64000, thinking: {budget: 32000}})
    expect(onTheWire(anthropicFormat.toLine(request, 'claude-opus-4-5'))).toStrictEqual({
      custom_id: 'W16-447',
      params: {
        model: 'claude-opus-4-5',
        max_tokens: 64000,
        system,
        messages: [{role: 'user', content: pictureContent({type: 'image', source: {type: 'base64', media_type: 'image/jpeg', data: TINY_JPEG}})}],
        output_config: outputConfig,
        thinking: {type: 'enabled', budget_tokens: 32000},
      },
    })
  })

  it('sends a PDF as a base64 document block', () => {
    const request: CanonicalRequest = {...pdfRequest, max_tokens: 1000}
    expect(onTheWire(anthropicFormat.toLine(request, 'claude-opus-4-5'))).toMatchObject({
      params: {messages: [{content: [{type: 'document', source: {type: 'base64', media_type: 'application/pdf', data: 'JVBERi0='}}]}]},
    })
  })

  it('refuses a request without a token limit', () => {
    expect(() => anthropicFormat.toLine(textRequest, 'claude-opus-4-5')).toThrow(
      'anthropic requires a token limit on every request: pass --max-tokens (e.g. --max-tokens 16000)',
    )
  })

  it('refuses a thinking level, naming the budget flag', () => {
    const request = buildPredictionRequest(textRiddle, {hints: 0, maxTokens: 8000, thinking: {level: 'high'}})
    expect(() => anthropicFormat.toLine(request, 'claude-opus-4-5')).toThrow(
      'anthropic takes a thinking budget, not a level: use --thinking-budget N instead of --thinking-level',
    )
  })

  it('refuses a thinking budget under 1024 or not below the token limit', () => {
    const small = buildPredictionRequest(textRiddle, {hints: 0, maxTokens: 8000, thinking: {budget: 512}})
    expect(() => anthropicFormat.toLine(small, 'claude-opus-4-5')).toThrow('at least 1024 tokens: raise --thinking-budget')
    const equal = buildPredictionRequest(textRiddle, {hints: 0, maxTokens: 8000, thinking: {budget: 8000}})
    expect(() => anthropicFormat.toLine(equal, 'claude-opus-4-5')).toThrow('must be below --max-tokens (8000): raise --max-tokens')
    const justBelow = buildPredictionRequest(textRiddle, {hints: 0, maxTokens: 8000, thinking: {budget: 7999}})
    expect(anthropicFormat.toLine(justBelow, 'claude-opus-4-5')).toMatchObject({params: {thinking: {budget_tokens: 7999}}})
  })

  it('refuses a temperature, which its current API version no longer takes', () => {
    const request = buildPredictionRequest(textRiddle, {hints: 0, maxTokens: 8000, temperature: 0})
    expect(() => anthropicFormat.toLine(request, 'claude-opus-4-5')).toThrow('drop --temperature')
  })

  it('refuses an image type the API does not read', () => {
    const request: CanonicalRequest = {custom_id: 'x', max_tokens: 100, parts: [{type: 'image', mime: 'image/bmp', data: 'Qk0='}]}
    expect(() => anthropicFormat.toLine(request, 'claude-opus-4-5')).toThrow(
      'anthropic takes no image of type image/bmp: convert it to image/jpeg, image/png, image/gif, image/webp',
    )
  })
})
