import {imageProblem} from './dataset-image.js'
import type {Riddle} from './riddle.js'
import {lineError, type UserError} from '../errors.js'

/** How a value reads in an error: its JSON type, with the article a sentence needs. */
function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

/** Reads the fields of one JSONL line, each check throwing a one-line error naming file, line and field. */
function fieldReader(record: Record<string, unknown>, file: string, line: number) {
  function present(field: string, expected: string): unknown {
    if (!Object.hasOwn(record, field)) throw lineError(file, line, field, `missing; add it as ${expected}`)
    return record[field]
  }
  function wrongType(field: string, expected: string, value: unknown): UserError {
    return lineError(file, line, field, `must be ${expected}, not ${describe(value)}`)
  }

  return {
    string(field: string): string {
      const value = present(field, 'a string')
      if (typeof value !== 'string') throw wrongType(field, 'a string', value)
      return value
    },
    nullableString(field: string): string | null {
      const value = present(field, 'a string or null')
      if (value !== null && typeof value !== 'string') throw wrongType(field, 'a string or null', value)
      return value
    },
    nullableNumber(field: string): number | null {
      const value = present(field, 'a number or null')
      if (value !== null && typeof value !== 'number') throw wrongType(field, 'a number or null', value)
      return value
    },
    split(field: string): Riddle['split'] {
      const value = present(field, '"llm" or "vlm"')
      if (value === 'llm' || value === 'vlm') return value
      if (typeof value === 'string') throw lineError(file, line, field, `must be "llm" or "vlm", not "${value.slice(0, 40)}"`)
      throw wrongType(field, '"llm" or "vlm"', value)
    },
    /** A picture; `mayBeEmpty` where it is never sent. */
    image(field: string, mayBeEmpty: boolean): string {
      const value = present(field, 'a base64 JPEG string')
      if (typeof value !== 'string') throw wrongType(field, 'a base64 JPEG string', value)
      if (mayBeEmpty && value === '') return value
      const problem = imageProblem(value)
      if (problem !== undefined) throw lineError(file, line, field, problem)
      return value
    },
  }
}

/**
 * Checks one parsed JSONL value against the Layton schema (reference layton-eval.md §1) and
 * returns the riddle with only the schema's fields: unknown extra fields are accepted and dropped.
 * Fields are checked in schema order, so the error names the first wrong one.
 */
export function validateRiddle(value: unknown, file: string, line: number): Riddle {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw lineError(file, line, undefined, `expected one JSON object (a riddle) per line, not ${describe(value)}`)
  }
  const read = fieldReader(value as Record<string, unknown>, file, line)
  const id = read.string('id')
  if (id.trim() === '') throw lineError(file, line, 'id', 'is empty; give every riddle a unique id, e.g. "005-3"')
  const riddle = {
    id,
    category: read.string('category'),
    description: read.string('description'),
    url: read.string('url'),
    picarats: read.nullableNumber('picarats'),
    first_hint: read.nullableString('first_hint'),
    second_hint: read.nullableString('second_hint'),
    third_hint: read.nullableString('third_hint'),
    special_hint: read.nullableString('special_hint'),
    solution: read.nullableString('solution'),
    answer: read.string('answer'),
    justification: read.string('justification'),
  }
  const split = read.split('split')
  // An `llm` riddle's prompt is text only: its picture, never sent, may be empty.
  return {...riddle, split, img: read.image('img', split === 'llm')}
}
