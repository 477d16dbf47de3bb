import {describe, expect, it} from 'vitest'

import {JPEG_DATA_URL, pdfRequest, pictureMessages, responseFormat, textMessages, textRequest} from './golden.js'
import {onTheWire, pictureRiddle, textRiddle} from './riddle-fixtures.js'
import {buildPredictionRequest} from '../../src/core/dataset/layton-prompt.js'
import {togetherFormat} from '../../src/providers/together/format.js'

describe('together line', () => {
  it('llm, hints 0: custom_id and body only, with the model in the body', () => {
    expect(onTheWire(togetherFormat.toLine(textRequest, 'moonshotai/Kimi-K2-Thinking'))).toStrictEqual({
      custom_id: '005-3',
      body: {model: 'moonshotai/Kimi-K2-Thinking', messages: textMessages, response_format: responseFormat},
    })
  })

  it('vlm, hints 4: image_url data URL, separate hint parts, max_tokens and reasoning_effort', () => {
    const request = buildPredictionRequest(pictureRiddle, {hints: 4, maxTokens: 8000, thinking: {level: 'medium'}, temperature: 0.2})
    expect(onTheWire(togetherFormat.toLine(request, 'Qwen/Qwen2.5-VL-72B-Instruct'))).toStrictEqual({
      custom_id: 'W16-447',
      body: {
        model: 'Qwen/Qwen2.5-VL-72B-Instruct',
        messages: pictureMessages({type: 'image_url', image_url: {url: JPEG_DATA_URL}}),
        max_tokens: 8000,
        response_format: responseFormat,
        reasoning_effort: 'medium',
        temperature: 0.2,
      },
    })
  })

  it('refuses file parts, naming the vendor', () => {
    expect(() => togetherFormat.toLine(pdfRequest, 'any')).toThrow(/^together takes no files in its batch requests/)
  })

  it('refuses a thinking budget', () => {
    const request = buildPredictionRequest(textRiddle, {hints: 0, thinking: {budget: 4096}})
    expect(() => togetherFormat.toLine(request, 'any')).toThrow('together takes a thinking level, not a budget')
  })
})
