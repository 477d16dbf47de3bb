import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {DEFAULT_MODELS_PATH, findModel, loadModelCatalog, parseModelCatalog} from '../../src/core/capabilities/model-catalog.js'
import {REPO_ROOT} from '../support/cli.js'
import type {ProviderName} from '../../src/providers/names.js'

const catalog = loadModelCatalog(DEFAULT_MODELS_PATH)

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8')) as T
}

describe('data/models.json', () => {
  it('knows every model of the price table and of the jury, with its evidence', () => {
    const prices = readJson<{providers: Record<string, {models: Record<string, unknown>}>}>('data/prices.json')
    const judges = readJson<{judges: {provider: ProviderName; model: string}[]}>('data/judges.json')
    const wanted = [
      ...Object.entries(prices.providers).flatMap(([provider, table]) => Object.keys(table.models).map((model) => [provider as ProviderName, model] as const)),
      ...judges.judges.map((judge) => [judge.provider, judge.model] as const),
    ]
    for (const [provider, model] of wanted) {
      const known = findModel(catalog, provider, model)
      expect(known, `${provider}/${model}`).toBeDefined()
      expect(known!.capabilities.sources.length, `${provider}/${model}`).toBeGreaterThan(0)
    }
  })

  it('records what the SDK enums do not say: Gemini 3 Pro takes two thinking levels, Groq holds only gpt-oss to a strict schema', () => {
    expect(findModel(catalog, 'gemini', 'gemini-3-pro-preview')?.capabilities.thinking).toEqual({levels: ['low', 'high']})
    expect(findModel(catalog, 'gemini', 'gemini-3-flash-preview')?.capabilities.thinking).toEqual({levels: ['minimal', 'low', 'medium', 'high']})
    expect(findModel(catalog, 'groq', 'openai/gpt-oss-120b')?.capabilities.structured_output).toBe('strict')
    expect(findModel(catalog, 'groq', 'llama-3.3-70b-versatile')?.capabilities.structured_output).toBe('none')
  })

  it('finds a model by its name, an alias or a dated snapshot, never by another model\'s name', () => {
    expect(findModel(catalog, 'openai', 'gpt-5.1-2025-11-13')?.listed_as).toBe('gpt-5.1')
    expect(findModel(catalog, 'openai', 'gpt-5-mini-2025-08-07')?.listed_as).toBe('gpt-5-mini')
    expect(findModel(catalog, 'anthropic', 'claude-opus-4-5-20251101')?.listed_as).toBe('claude-opus-4-5')
    expect(findModel(catalog, 'gemini', 'gemini-3-pro-preview')?.listed_as).toBe('gemini-3-pro')
    expect(findModel(catalog, 'openai', 'o3-pro')).toBeUndefined()
    expect(findModel(catalog, 'openai', 'gpt-5-pro')).toBeUndefined()
    expect(findModel(catalog, 'anthropic', 'claude-sonnet-4-5-thinking')).toBeUndefined()
    expect(findModel(catalog, 'openai', 'gpt-50')).toBeUndefined()
    expect(findModel(catalog, 'openai', 'model-1')).toBeUndefined()
  })
})

describe('a models file is checked where it enters', () => {
  const entry = {structured_output: 'strict', images: true, pdfs: false, thinking: null, sources: ['https://example.com/doc']}
  const file = (models: Record<string, unknown>, provider = 'openai'): string => JSON.stringify({providers: {[provider]: models}})

  it.each([
    ['not JSON', '{', /^models file m\.json is not valid JSON/],
    ['no providers', '{}', /^models file m\.json: "providers" must be a JSON object$/],
    ['an unknown vendor', file({x: entry}, 'acme'), /providers\.acme must be a vendor: one of openai, anthropic/],
    ['a misspelt key', file({x: {...entry, image: true}}), /providers\.openai\["x"\]\.image must be one of the known keys/],
    ['a bad schema support', file({x: {...entry, structured_output: 'yes'}}), /structured_output must be "strict", "best_effort" or "none"$/],
    ['best effort where the vendor has none', file({x: {...entry, structured_output: 'best_effort'}}, 'anthropic'), /"strict" or "none" for anthropic, which has no best-effort schema/],
    ['images not a boolean', file({x: {...entry, images: 'yes'}}), /\["x"\]\.images must be true or false/],
    ['no sources', file({x: {...entry, sources: []}}), /sources must be a non-empty list of doc URLs or SDK sources/],
    ['an unknown level', file({x: {...entry, thinking: {levels: ['max']}}}), /thinking\.levels must be a non-empty list of none, minimal, low, medium, high, xhigh/],
    ['a budget upside down', file({x: {...entry, thinking: {budget: {min: 10, max: 5}}}}), /thinking\.budget must be \{"min": N, "max": N\}/],
    ['an empty thinking object', file({x: {...entry, thinking: {}}}), /thinking must be null, or \{"levels"/],
  ])('refuses %s in one line naming the key', (_, text, message) => {
    expect(() => parseModelCatalog(text, 'm.json')).toThrow(message)
  })

  it('reads a good file into typed entries', () => {
    const parsed = parseModelCatalog(file({x: {...entry, thinking: {levels: ['low'], budget: {min: 0, max: 10}}}}), 'm.json')
    expect(parsed.providers.openai?.x).toEqual({...entry, thinking: {levels: ['low'], budget: {min: 0, max: 10}}})
  })
})
