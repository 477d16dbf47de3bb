import {describe, expect, it} from 'vitest'

import {DEFAULT_MODELS_PATH, loadModelCatalog} from '../../src/core/capabilities/model-catalog.js'
import {anthropicFeatures} from '../../src/emulator/anthropic/capabilities.js'
import {geminiFeatures} from '../../src/emulator/gemini/capabilities.js'
import {MODULES} from '../../src/emulator/index.js'
import {chatFeatures} from '../../src/emulator/openai-style/capabilities.js'
import {lackingCapability, type LineFeatures} from '../../src/emulator/shared/capabilities.js'
import type {ProviderName} from '../../src/providers/names.js'

const catalog = loadModelCatalog(DEFAULT_MODELS_PATH)
const PNG = 'data:image/png;base64,iVBORw0KGgo='

/** The message of the 400 a vendor module answers for the line, or undefined when the line fits. */
function error(provider: ProviderName, model: string, uses: LineFeatures): string | undefined {
  const lacking = lackingCapability(provider, {custom_id: 'r', model, texts: [], imageCount: 0, uses}, catalog)
  return lacking && MODULES[provider].capabilityError?.(lacking, model).message
}

describe('what a line asks of its model, read from the vendor request', () => {
  it('reads a chat body: schema strictness, effort, images and files', () => {
    const body = {
      response_format: {type: 'json_schema', json_schema: {name: 'A', schema: {}, strict: false}},
      reasoning_effort: 'HIGH',
      messages: [{role: 'user', content: [{type: 'image_url', image_url: {url: PNG}}, {type: 'file', file: {file_data: 'x'}}, {type: 'text', text: 'q'}]}],
    }
    expect(chatFeatures(body)).toEqual({schema: 'best_effort', thinking: {level: 'high'}, images: 1, pdfs: 1})
    expect(chatFeatures({messages: [{role: 'user', content: 'q'}]})).toEqual({images: 0, pdfs: 0})
  })

  it('reads Anthropic params: structured outputs, a thinking budget, image and document blocks', () => {
    const params = {
      output_config: {format: {type: 'json_schema', schema: {}}},
      thinking: {type: 'enabled', budget_tokens: 2048},
      messages: [{role: 'user', content: [{type: 'image'}, {type: 'document'}, {type: 'document'}]}],
    }
    expect(anthropicFeatures(params)).toEqual({schema: 'strict', thinking: {budget: 2048}, images: 1, pdfs: 2})
  })

  it('reads a Gemini request in either spelling: schema, level or budget, inline data by MIME type', () => {
    const camel = {generationConfig: {responseJsonSchema: {}, thinkingConfig: {thinkingLevel: 'MEDIUM'}}, contents: [{parts: [{inlineData: {mimeType: 'image/png'}}, {inlineData: {mimeType: 'application/pdf'}}]}]}
    expect(geminiFeatures(camel)).toEqual({schema: 'strict', thinking: {level: 'medium'}, images: 1, pdfs: 1})
    expect(geminiFeatures({generation_config: {thinking_config: {thinking_budget: -1}}, contents: []})).toEqual({thinking: {budget: -1}, images: 0, pdfs: 0})
  })
})

describe("the vendor's 400 for a capability the model lacks", () => {
  it.each<[string, ProviderName, string, LineFeatures, string | undefined]>([
    ['an image to a text model', 'groq', 'openai/gpt-oss-20b', {images: 1, pdfs: 0}, 'Invalid content type. image_url is only supported by certain models.'],
    ['a level OpenAI does not take', 'openai', 'o3', {thinking: {level: 'minimal'}, images: 0, pdfs: 0}, "Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'low', 'medium', 'high'."],
    ['a budget out of range', 'gemini', 'gemini-2.5-pro', {thinking: {budget: 64}, images: 0, pdfs: 0}, 'The thinking budget 64 is invalid. Please choose a value between 128 and 32768.'],
    ['a level to a budget model', 'gemini', 'gemini-2.5-flash', {thinking: {level: 'high'}, images: 0, pdfs: 0}, 'Thinking level is not supported for this model.'],
    ['a budget over the output cap', 'anthropic', 'claude-opus-4-1', {thinking: {budget: 40000}, images: 0, pdfs: 0}, "thinking.enabled.budget_tokens: 40000 is out of range for model 'claude-opus-4-1' (1024 to 31999)."],
    ['Gemini\'s dynamic budget', 'gemini', 'gemini-2.5-pro', {thinking: {budget: -1}, images: 0, pdfs: 0}, undefined],
    ['a best-effort schema where one is taken', 'together', 'openai/gpt-oss-120b', {schema: 'best_effort', images: 0, pdfs: 0}, undefined],
    ['anything to a model nobody declared', 'openai', 'model-1', {schema: 'strict', thinking: {level: 'high'}, images: 3, pdfs: 2}, undefined],
  ])('%s', (_, provider, model, uses, message) => {
    expect(error(provider, model, uses)).toBe(message)
  })

})
