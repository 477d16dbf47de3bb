import type {BatchProvider} from '../names.js'
import type {ResultCode} from '../../core/results/result-codes.js'
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

/**
 * What a vendor's answer body says: its text, and, when it is no answer to keep, why (`fate`: the
 * model refused, a filter blocked it, it was cut off...). Read from the finish and refusal signals
 * each vendor sends beside the text: a 200 line is not a success until those say so.
 */
export interface Answer {
  text: string | undefined
  fate?: ResultError
}

/** A body that does not read as its vendor's format, and why: its line becomes `missing`. */
export interface Unreadable {
  problem: string
}

/** What a vendor's finish signal means: `complete` ends a whole answer, a code says why it is not one. */
export type FinishMeaning = ResultCode | 'complete'

/** A vendor's finish signals, written grouped by meaning, read one signal at a time. */
export function finishMeanings(groups: Partial<Record<FinishMeaning, readonly string[]>>): ReadonlyMap<string, FinishMeaning> {
  const table = new Map<string, FinishMeaning>()
  for (const [meaning, signals] of Object.entries(groups) as [FinishMeaning, readonly string[]][]) for (const signal of signals) table.set(signal, meaning)
  return table
}

/** The line of an answered request: a success, or its fate with the usage it was billed and any partial text. */
export function answered(customId: string, answer: Answer, usage: Usage | undefined, context: ResultContext): ResultLine {
  if (answer.fate === undefined) return succeeded(customId, answer.text, usage, context)
  const text = answer.text
  return {
    custom_id: customId,
    ok: false,
    ...(text !== undefined && text !== '' && {text}),
    ...(usage !== undefined && {usage}),
    error: answer.fate,
    model: context.model,
    provider: context.provider,
  }
}

/**
 * A line that names its request but does not match the vendor's format: `missing`, with what was
 * wrong, never a crash and never a success read from a shape bench does not know.
 */
export function unreadable(customId: string, problem: string, context: ResultContext): ResultLine {
  return failed(customId, {code: 'missing', message: `the vendor's line for this request could not be read: ${problem}`}, context)
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
