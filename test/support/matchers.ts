import {expect} from 'vitest'

/**
 * vitest's asymmetric matchers, typed `unknown` where vitest types them `any`: an `any` inside
 * an expected object turns type checking off for it (and lint refuses it). Same matchers:
 * `toMatchObject({custom_id: matching.any(String)})`.
 */
export const matching = {
  any: (type: unknown): unknown => expect.any(type),
  stringContaining: (text: string): unknown => expect.stringContaining(text),
  stringMatching: (pattern: string | RegExp): unknown => expect.stringMatching(pattern),
  arrayContaining: (items: unknown[]): unknown => expect.arrayContaining(items),
  objectContaining: (fields: Record<string, unknown>): unknown => expect.objectContaining(fields),
  closeTo: (value: number, digits?: number): unknown => expect.closeTo(value, digits),
}
