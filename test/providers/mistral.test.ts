import {describe, expect, it} from 'vitest'

import {JPEG_DATA_URL, pdfRequest, pictureMessages, responseFormat, textMessages, textRequest} from './golden.js'
import {onTheWire, pictureRiddle, textRiddle} from './riddle-fixtures.js'
import {buildPredictionRequest} from '../../src/core/dataset/layton-prompt.js'
import {mistralFormat} from '../../src/providers/mistral/format.js'

describe('mistral line', () => {
  it('llm, hints 0: custom_id and body, no model in the body (the job carries it)', () => {
    expect(onTheWire(mistralFormat.toLine(textRequest, 'mistral-large-2512'))).toStrictEqual({
      custom_id: '005-3',
      body: {messages: textMessages, response_format: responseFormat},
    })
  })

  it('vlm, hints 4: the image_url as a bare data-URL string, separate hint parts, max_tokens', () => {
    const request = buildPredictionRequest(pictureRiddle, {hints: 4, maxTokens: 8000, thinking: {level: 'high'}})
    expect(onTheWire(mistralFormat.toLine(request, 'mistral-large-2512'))).toStrictEqual({
      custom_id: 'W16-447',
      body: {
        messages: pictureMessages({type: 'image_url', image_url: JPEG_DATA_URL}),
        max_tokens: 8000,
        response_format: responseFormat,
        reasoning_effort: 'high',
      },
    })
  })

  it('refuses file parts, naming the vendor', () => {
    expect(() => mistralFormat.toLine(pdfRequest, 'any')).toThrow(/^mistral takes no files in its batch requests/)
  })

  it('refuses a thinking budget', () => {
    const request = buildPredictionRequest(textRiddle, {hints: 0, thinking: {budget: 4096}})
    expect(() => mistralFormat.toLine(request, 'any')).toThrow('mistral takes a thinking level, not a budget')
  })
})
