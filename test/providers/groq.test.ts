import {describe, expect, it} from 'vitest'

import {buildPredictionRequest} from '../../src/core/layton-prompt.js'
import type {CanonicalRequest} from '../../src/core/request.js'
import {BenchmarkAnswer} from '../../src/core/schemas.js'
import {groqFormat} from '../../src/providers/groq/format.js'
import {PICTURE_HINTS, PICTURE_QUESTION, TEXT_QUESTION, TINY_JPEG, onTheWire, pictureRiddle, textRiddle} from './riddle-fixtures.js'

const textRequest = buildPredictionRequest(textRiddle, {hints: 0})
const system = textRequest.system
const responseFormat = {type: 'json_schema', json_schema: {name: 'BenchmarkAnswer', schema: BenchmarkAnswer.schema, strict: true}}

describe('groq line', () => {
  it("llm, hints 0: OpenAI's envelope and url", () => {
    expect(onTheWire(groqFormat.toLine(textRequest, 'openai/gpt-oss-120b'))).toStrictEqual({
      custom_id: '005-3',
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: 'openai/gpt-oss-120b',
        messages: [
          {role: 'system', content: system},
          {role: 'user', content: [{type: 'text', text: TEXT_QUESTION}]},
        ],
        response_format: responseFormat,
      },
    })
  })

  it('vlm, hints 4: image_url data URL, separate hint parts, max_completion_tokens and reasoning_effort', () => {
    const request = buildPredictionRequest(pictureRiddle, {hints: 4, maxTokens: 8000, thinking: {level: 'low'}})
    expect(onTheWire(groqFormat.toLine(request, 'meta-llama/llama-4-scout-17b-16e-instruct'))).toStrictEqual({
      custom_id: 'W16-447',
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: 'meta-llama/llama-4-scout-17b-16e-instruct',
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
        reasoning_effort: 'low',
      },
    })
  })

  it('refuses file parts, naming the vendor', () => {
    const request: CanonicalRequest = {custom_id: 'doc', parts: [{type: 'file', mime: 'application/pdf', name: 'rules.pdf', data: 'JVBERi0='}]}
    expect(() => groqFormat.toLine(request, 'any')).toThrow(/^groq takes no files in its batch requests \(got "rules.pdf", application\/pdf\): remove the file/)
  })

  it('refuses a thinking budget', () => {
    const request = buildPredictionRequest(textRiddle, {hints: 0, thinking: {budget: 4096}})
    expect(() => groqFormat.toLine(request, 'any')).toThrow('groq takes a thinking level, not a budget: use --thinking-level')
  })
})
