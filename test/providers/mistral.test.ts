import {describe, expect, it} from 'vitest'

import {buildPredictionRequest} from '../../src/core/layton-prompt.js'
import type {CanonicalRequest} from '../../src/core/request.js'
import {BenchmarkAnswer} from '../../src/core/schemas.js'
import {mistralFormat} from '../../src/providers/mistral/format.js'
import {PICTURE_HINTS, PICTURE_QUESTION, TEXT_QUESTION, TINY_JPEG, onTheWire, pictureRiddle, textRiddle} from './riddle-fixtures.js'

const textRequest = buildPredictionRequest(textRiddle, {hints: 0})
const system = textRequest.system
const responseFormat = {type: 'json_schema', json_schema: {name: 'BenchmarkAnswer', schema: BenchmarkAnswer.schema, strict: true}}

describe('mistral line', () => {
  it('llm, hints 0: custom_id and body, no model in the body (the job carries it)', () => {
    expect(onTheWire(mistralFormat.toLine(textRequest, 'mistral-large-2512'))).toStrictEqual({
      custom_id: '005-3',
      body: {
        messages: [
          {role: 'system', content: system},
          {role: 'user', content: [{type: 'text', text: TEXT_QUESTION}]},
        ],
        response_format: responseFormat,
      },
    })
  })

  it('vlm, hints 4: the image_url as a bare data-URL string, separate hint parts, max_tokens', () => {
    const request = buildPredictionRequest(pictureRiddle, {hints: 4, maxTokens: 8000, thinking: {level: 'high'}})
    expect(onTheWire(mistralFormat.toLine(request, 'mistral-large-2512'))).toStrictEqual({
      custom_id: 'W16-447',
      body: {
        messages: [
          {role: 'system', content: system},
          {
            role: 'user',
            content: [
              {type: 'text', text: PICTURE_QUESTION},
              {type: 'image_url', image_url: `data:image/jpeg;base64,${TINY_JPEG}`},
              ...PICTURE_HINTS.map((hint) => ({type: 'text', text: hint})),
            ],
          },
        ],
        max_tokens: 8000,
        response_format: responseFormat,
        reasoning_effort: 'high',
      },
    })
  })

  it('refuses file parts, naming the vendor', () => {
    const request: CanonicalRequest = {custom_id: 'doc', parts: [{type: 'file', mime: 'application/pdf', name: 'rules.pdf', data: 'JVBERi0='}]}
    expect(() => mistralFormat.toLine(request, 'any')).toThrow(/^mistral takes no files in its batch requests/)
  })

  it('refuses a thinking budget', () => {
    const request = buildPredictionRequest(textRiddle, {hints: 0, thinking: {budget: 4096}})
    expect(() => mistralFormat.toLine(request, 'any')).toThrow('mistral takes a thinking level, not a budget')
  })
})
