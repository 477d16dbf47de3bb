import type {BatchProvider} from '../names.js'
import type {ResultError, ResultLine, Usage} from '../../core/results/result.js'

/** What every result line of one download shares. */
export interface ResultContext {
  model: string
  provider: BatchProvider
}

/** A succeeded request: `parsed` is set when the answer text is JSON (structured output). */
export function succeeded(customId: string, text: string | undefined, usage: Usage | undefined, context: ResultContext): ResultLine {
  const line: ResultLine = {custom_id: customId, ok: true, model: context.model, provider: context.provider}
  if (text !== undefined) {
    line.text = text
    const parsed = parseJson(text)
    if (parsed !== undefined) line.parsed = parsed
  }
  if (usage !== undefined) line.usage = usage
  return line
}

export function failed(customId: string, error: ResultError, context: ResultContext): ResultLine {
  return {custom_id: customId, ok: false, error, model: context.model, provider: context.provider}
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** A number from a lenient vendor field (Gemini sends int64 as strings); 0 when absent. */
export function count(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) ? number : 0
}

/** `value` as a record to read fields from; undefined when it is not an object. */
export function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
}

/** What `field` gives for a missing record: one shared, frozen object, as it is read per result line. */
const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze({})

/** The record under `key`, or an empty one: vendor payloads are read leniently. */
export function field(value: unknown, key: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return NO_FIELDS
  const inner = (value as Record<string, unknown>)[key]
  return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : NO_FIELDS
}

/** True when the record has no own field (an absent or empty `error`), without listing its keys. */
export function isEmptyRecord(record: Readonly<Record<string, unknown>>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return false
  return true
}

export function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const inner = (value as Record<string, unknown>)[key]
  return typeof inner === 'string' ? inner : undefined
}
