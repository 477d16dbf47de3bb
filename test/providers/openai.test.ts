import {describe, expect, it} from 'vitest'

import {buildPredictionRequest} from '../../src/core/layton-prompt.js'
import type {CanonicalRequest} from '../../src/core/request.js'
import {BenchmarkAnswer} from '../../src/core/schemas.js'
import {openaiFormat} from '../../src/providers/openai/format.js'
import {PICTURE_HINTS, PICTURE_QUESTION, TEXT_QUESTION, TINY_JPEG, onTheWire, pictureRiddle, textRiddle} from './riddle-fixtures.js'

const textRequest = buildPredictionRequest(textRiddle, {hints: 0})
const system = textRequest.system
const responseFormat = {type: 'json_schema', json_schema: {name: 'BenchmarkAnswer', schema: BenchmarkAnswer.schema, strict: true}}

describe('openai line', () => {
  it('llm, hints 0: the chat-completions envelope with a system message and one user text part', () => {
    expect(onTheWire(openaiFormat.toLine(textRequest, 'gpt-5.1'))).toStrictEqual({
      custom_id: '005-3',
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: 'gpt-5.1',
        messages: [
          {role: 'system', content: system},
          {role: 'user', content: [{type: 'text', text: TEXT_QUESTION}]},
        ],
        response_format: responseFormat,
      },
    })
  })

  it('vlm, hints 4: the image as a data URL after the question, each hint its own part, settings mapped', () => {
    const request = buildPredictionRequest(pictureRiddle, {hints: 4, maxTokens: 8000, thinking: {level: 'high'}, temperature: 1})
    expect(onTheWire(openaiFormat.toLine(request, 'gpt-5.1'))).toStrictEqual({
      custom_id: 'W16-447',
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: 'gpt-5.1',
        messages: [
          {role: 'system', content: system},
          {
            role: 'user',
            content: [
              {type: 'text', text: PICTURE_QUESTION},
              {type: 'image_url', image_url: {url: `data:image/jpeg;base64,${TINY_JPEG}`}},
              ...PICTURE_HINTS.map((hint) => ({type: 'text', text: hint})),
            ],
          },
        ],
        max_completion_tokens: 8000,
        response_format: responseFormat,
        reasoning_effort: 'high',
        temperature: 1,
      },
    })
  })

  it('sends a PDF as a file part with its name and a data URL', () => {
    const request: CanonicalRequest = {custom_id: 'doc', parts: [{type: 'file', mime: 'application/pdf', name: 'rules.pdf', data: 'JVBERi0='}]}
    expect(onTheWire(openaiFormat.toLine(request, 'gpt-5.1'))).toMatchObject({
      body: {messages: [{role: 'user', content: [{type: 'file', file: {filename: 'rules.pdf', file_data: 'data:application/pdf;base64,JVBERi0='}}]}]},
    })
  })

  it('refuses a file that is not a PDF', () => {
    const request: CanonicalRequest = {custom_id: 'doc', parts: [{type: 'file', mime: 'text/csv', name: 'a.csv', data: 'YQ=='}]}
    expect(() => openaiFormat.toLine(request, 'gpt-5.1')).toThrow('openai takes no file of type text/csv: convert it to application/pdf')
  })

  it('refuses a thinking budget, naming the flag to use instead', () => {
    const request = buildPredictionRequest(textRiddle, {hints: 0, thinking: {budget: 2048}})
    expect(() => openaiFormat.toLine(request, 'gpt-5.1')).toThrow(
      'openai takes a thinking level, not a budget: use --thinking-level low|medium|high instead of --thinking-budget',
    )
  })
})
