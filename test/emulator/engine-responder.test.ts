import {describe, expect, it} from 'vitest'

import {defaultResponder, type ResponderContext} from '../../src/emulator/index.js'
import {sampleFromSchema} from '../../src/emulator/shared/schema-sample.js'
import {seededRandom} from '../../src/emulator/shared/responder.js'

function context(overrides: Partial<ResponderContext> = {}): ResponderContext {
  return {provider: 'openai', seed: 1, custom_id: 'q1', model: 'm', texts: ['What is 2+2?'], imageCount: 0, ...overrides}
}

function text(reply: ReturnType<typeof defaultResponder>): string {
  if (!('text' in reply)) throw new Error('expected text')
  return reply.text
}

describe('default responder', () => {
  it('is deterministic for a seed and a custom_id, and differs across seeds', () => {
    expect(text(defaultResponder(context()))).toBe(text(defaultResponder(context())))
    const answers = new Set([1, 2, 3, 4, 5].map((seed) => text(defaultResponder(context({seed})))))
    expect(answers.size).toBeGreaterThan(1)
  })

  it('answers in plain text quoting the question when there is no schema', () => {
    expect(text(defaultResponder(context({imageCount: 2})))).toMatch(/What is 2\+2\?.*2 images/)
  })

  it('returns JSON with exactly the declared keys, nested objects, arrays, enums and bounds', () => {
    const schema = {
      type: 'object',
      properties: {
        title: {type: 'string', minLength: 20},
        score: {type: 'integer', minimum: 3, maximum: 5},
        ok: {type: 'boolean'},
        label: {enum: ['yes', 'no']},
        tags: {type: 'array', items: {type: 'string'}, minItems: 2, maxItems: 2},
        detail: {$ref: '#/$defs/detail'},
        maybe: {type: ['null', 'number']},
      },
      required: ['title', 'score', 'ok', 'label', 'tags', 'detail', 'maybe'],
      additionalProperties: false,
      $defs: {detail: {type: 'object', properties: {why: {type: 'string'}}, required: ['why']}},
    }
    for (const seed of [1, 2, 3]) {
      const value = JSON.parse(text(defaultResponder(context({seed, schema})))) as {title: string; score: number; ok: unknown; label: string; tags: unknown[]; detail: object; maybe: unknown}
      expect(Object.keys(value).sort()).toEqual(['detail', 'label', 'maybe', 'ok', 'score', 'tags', 'title'])
      expect(value.title.length).toBeGreaterThanOrEqual(20)
      expect(Number.isInteger(value.score) && value.score >= 3 && value.score <= 5).toBe(true)
      expect(typeof value.ok).toBe('boolean')
      expect(['yes', 'no']).toContain(value.label)
      expect(value.tags).toHaveLength(2)
      expect(Object.keys(value.detail)).toEqual(['why'])
      expect(typeof value.maybe).toBe('number')
    }
  })

  it("reads Gemini's UPPERCASE types", () => {
    const value = sampleFromSchema({type: 'OBJECT', properties: {n: {type: 'NUMBER'}, list: {type: 'ARRAY', items: {type: 'BOOLEAN'}}}}, seededRandom('x')) as Record<string, unknown>
    expect(typeof value.n).toBe('number')
    expect((value.list as unknown[]).every((item) => typeof item === 'boolean')).toBe(true)
  })
})
