import {describe, expect, it} from 'vitest'

import {JPEG_DATA_URL, chatCompletionsLine, pdfRequest, pictureMessages, responseFormat, textMessages, textRequest} from './golden.js'
import {onTheWire, pictureRiddle, textRiddle} from './riddle-fixtures.js'
import {buildPredictionRequest} from '../../src/core/dataset/layton-prompt.js'
import {groqFormat} from '../../src/providers/groq/format.js'

describe('groq line', () => {
  it("llm, hints 0: OpenAI's envelope and url", () => {
    expect(onTheWire(groqFormat.toLine(textRequest, 'openai/gpt-oss-120b'))).toStrictEqual(
      chatCompletionsLine('005-3', {model: 'openai/gpt-oss-120b', messages: textMessages, response_format: responseFormat}),
    )
  })

  it('vlm, hints 4: image_url data URL, separate hint parts, max_completion_tokens and reasoning_effort', () => {
    const request = buildPredictionRequest(pictureRiddle, {hints: 4, maxTokens: 8000, thinking: {level: 'low'}})
    expect(onTheWire(groqFormat.toLine(request, 'meta-llama/llama-4-scout-17b-16e-instruct'))).toStrictEqual(
      chatCompletionsLine('W16-447', {
        model: 'meta-llama/llama-4-scout-17b-16e-instruct',
        messages: pictureMessages({type: 'image_url', image_url: {url: JPEG_DATA_URL}}),
        max_completion_tokens: 8000,
        response_format: responseFormat,
        reasoning_effort: 'low',
      }),
    )
  })

  it('refuses file parts, naming the vendor', () => {
    expect(() => groqFormat.toLine(pdfRequest, 'any')).toThrow(/^groq takes no files in its batch requests \(got "rules.pdf", application\/pdf\): remove the file/)
  })

  it('refuses a thinking budget', () => {
    const request = buildPredictionRequest(textRiddle, {hints: 0, thinking: {budget: 4096}})
    expect(() => groqFormat.toLine(request, 'any')).toThrow('groq takes a thinking level, not a budget: use --thinking-level')
  })
})
