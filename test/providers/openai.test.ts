import {describe, expect, it} from 'vitest'

import {JPEG_DATA_URL, chatCompletionsLine, pdfRequest, pictureMessages, responseFormat, textMessages, textRequest} from './golden.js'
import {onTheWire, pictureRiddle, textRiddle} from './riddle-fixtures.js'
import {buildPredictionRequest} from '../../src/core/dataset/layton-prompt.js'
import type {CanonicalRequest} from '../../src/core/prepare/request.js'
import {openaiFormat} from '../../src/providers/openai/format.js'

describe('openai line', () => {
  it('llm, hints 0: the chat-completions envelope with a system message and one user text part', () => {
    expect(onTheWire(openaiFormat.toLine(textRequest, 'gpt-5.1'))).toStrictEqual(
      chatCompletionsLine('005-3', {model: 'gpt-5.1', messages: textMessages, response_format: responseFormat}),
    )
  })

  it('vlm, hints 4: the image as a data URL after the question, each hint its own part, settings mapped', () => {
    const request = buildPredictionRequest(pictureRiddle, {hints: 4, maxTokens: 8000, thinking: {level: 'high'}, temperature: 1})
    expect(onTheWire(openaiFormat.toLine(request, 'gpt-5.1'))).toStrictEqual(
      chatCompletionsLine('W16-447', {
        model: 'gpt-5.1',
        messages: pictureMessages({type: 'image_url', image_url: {url: JPEG_DATA_URL}}),
        max_completion_tokens: 8000,
        response_format: responseFormat,
        reasoning_effort: 'high',
        temperature: 1,
      }),
    )
  })

  it('sends a PDF as a file part with its name and a data URL', () => {
    expect(onTheWire(openaiFormat.toLine(pdfRequest, 'gpt-5.1'))).toMatchObject({
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
