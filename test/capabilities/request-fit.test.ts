import {describe, expect, it} from 'vitest'

import {DEFAULT_MODELS_PATH, loadModelCatalog} from '../../src/core/capabilities/model-catalog.js'
import {requestFitter} from '../../src/core/capabilities/request-fit.js'
import type {CanonicalRequest, Thinking} from '../../src/core/prepare/request.js'
import type {BatchProvider} from '../../src/providers/names.js'
import {matching} from '../support/matchers.js'

const catalog = loadModelCatalog(DEFAULT_MODELS_PATH)
const SCHEMA = {name: 'Answer', schema: {type: 'object', properties: {answer: {type: 'string'}}, required: ['answer'], additionalProperties: false}}
const PNG = {type: 'image', mime: 'image/png', data: 'iVBORw0KGgo='} as const
const PDF = {type: 'file', mime: 'application/pdf', name: 'doc.pdf', data: 'JVBERi0='} as const

function request(extra: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return {custom_id: 'r1', parts: [{type: 'text', text: 'What is 2+2?'}], ...extra}
}

function fit(provider: BatchProvider, model: string, extra: Partial<CanonicalRequest>): CanonicalRequest {
  return requestFitter(provider, model, catalog).fit(request(extra))
}

describe('fitting a request to what its model accepts', () => {
  it.each<[string, BatchProvider, string, Thinking]>([
    ['a level the model takes', 'gemini', 'gemini-3-pro-preview', {level: 'high'}],
    ['a level of a reasoning model', 'openai', 'gpt-5.1', {level: 'low'}],
    ['a budget in range', 'anthropic', 'claude-opus-4-5', {budget: 32000}],
    ['a budget at the floor', 'gemini', 'gemini-2.5-flash', {budget: 0}],
  ])('passes %s unchanged', (_, provider, model, thinking) => {
    const original = request({thinking, schema: SCHEMA, parts: [{type: 'text', text: 'Q'}, PNG]})
    expect(requestFitter(provider, model, catalog).fit(original)).toBe(original)
  })

  it.each<[string, BatchProvider, string, Partial<CanonicalRequest>, string]>([
    ['thinking on a model without it', 'openai', 'gpt-4.1', {thinking: {level: 'high'}}, 'gpt-4.1 (openai) takes no thinking setting: drop thinking level "high", or pick a model that reasons'],
    ['a level Gemini 3 Pro does not take', 'gemini', 'gemini-3-pro-preview', {thinking: {level: 'medium'}}, 'gemini-3-pro-preview (gemini) takes thinking levels low, high, not "medium"'],
    ['a level where a budget is wanted', 'gemini', 'gemini-2.5-flash', {thinking: {level: 'high'}}, 'gemini-2.5-flash (gemini) takes a thinking budget of 0 to 24576 tokens, not a level: replace thinking level "high" with a budget'],
    ['a budget where a level is wanted', 'gemini', 'gemini-3-pro', {thinking: {budget: 2048}}, 'gemini-3-pro (gemini) takes a thinking level (low, high), not a budget: replace thinking budget 2048 with a level'],
    ['a budget over the model’s output', 'anthropic', 'claude-opus-4-1', {thinking: {budget: 32000}}, 'claude-opus-4-1 (anthropic) takes a thinking budget of 1024 to 31999 tokens, not 32000'],
    ['a budget under the floor', 'gemini', 'gemini-2.5-pro', {thinking: {budget: 0}}, 'gemini-2.5-pro (gemini) takes a thinking budget of 128 to 32768 tokens, not 0'],
    ['an image to a text model', 'groq', 'openai/gpt-oss-120b', {parts: [PNG]}, 'openai/gpt-oss-120b (groq) reads no images, but request "r1" has one: pick a model that reads images, or leave the images out (for Layton: --split llm)'],
    ['a PDF to a model that reads none', 'mistral', 'mistral-large-2512', {parts: [PDF]}, 'mistral-large-2512 (mistral) reads no PDFs, but request "r1" has one ("doc.pdf"): pick a model that reads PDFs, or leave the file out'],
  ])('refuses %s in one line naming the model and the setting', (_, provider, model, extra, message) => {
    expect(() => fit(provider, model, extra)).toThrow(message)
  })

  it('sends a schema the model only takes as a hint as a best-effort one, and in the prompt, with a note', () => {
    const fitter = requestFitter('together', 'openai/gpt-oss-120b', catalog)
    const fitted = fitter.fit(request({schema: SCHEMA}))
    expect(fitted.schema).toEqual({...SCHEMA, strict: false})
    expect(fitted.parts.at(-1)).toEqual({type: 'text', text: `Reply with one JSON object that follows this JSON Schema, and nothing else:\n${JSON.stringify(SCHEMA.schema)}`})
    fitter.fit(request({schema: SCHEMA}))
    expect(fitter.notes).toEqual(['openai/gpt-oss-120b (together) takes no strict JSON schema: the schema is sent as a best-effort one and in the prompt; answers may not follow it'])
  })

  it('moves the schema into the prompt for a model that takes none, with a note', () => {
    const fitter = requestFitter('groq', 'llama-3.3-70b-versatile', catalog)
    const fitted = fitter.fit(request({schema: SCHEMA}))
    expect(fitted).not.toHaveProperty('schema')
    expect(fitted.parts).toHaveLength(2)
    expect(fitted.parts[1]).toMatchObject({type: 'text', text: matching.stringContaining('"answer"')})
    expect(fitter.notes).toEqual(['llama-3.3-70b-versatile (groq) takes no JSON schema: the schema is sent in the prompt instead; answers may not follow it'])
    // A request without a schema is left alone.
    expect(fitter.fit(request())).toEqual(request())
  })

  it('passes a model the file does not know with a warning, the vendor\'s defaults applying', () => {
    const fitter = requestFitter('openai', 'gpt-99', catalog)
    const original = request({thinking: {level: 'high'}, schema: SCHEMA, parts: [PNG, PDF]})
    expect(fitter.fit(original)).toBe(original)
    expect(fitter.notes).toEqual(["gpt-99 is not in models.json: its capabilities are not checked, and openai's defaults apply"])
  })

  it('leaves endpoint models alone: the file does not describe those servers', () => {
    const fitter = requestFitter('openai-compatible', 'llama3', catalog)
    const original = request({thinking: {level: 'high'}, schema: SCHEMA})
    expect(fitter.fit(original)).toBe(original)
    expect(fitter.notes).toEqual([])
  })
})
