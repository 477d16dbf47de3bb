import {UserError} from '../errors.js'

/** Where a row sits: a JSONL or CSV line, a Parquet row or an element of a JSON array, numbered from 1. */
export interface RowPlace {
  file: string
  unit: 'line' | 'row' | 'item'
  index: number
}

/** A raw row as read from a file: an object (JSONL, JSON, Parquet, CSV with a header) or a list of cells (headerless CSV). */
export interface RawRow {
  place: RowPlace
  value: unknown
}

/** One line naming the file, the row and the field, and what is wrong with it. */
export function rowError(place: RowPlace, field: string | undefined, problem: string): UserError {
  const where = `${place.file}, ${place.unit} ${place.index}`
  return new UserError(field === undefined ? `${where}: ${problem}` : `${where}: field "${field}" ${problem}`)
}

/** How a value reads in an error: its JSON type, with the article a sentence needs. */
function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'bigint') return 'a number'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

/**
 * Reads the fields of one row, each check throwing an error that names the file, the row and the
 * field. Fields are read in the order a module asks for them, so the error names the first wrong one.
 */
export class RowFields {
  private readonly record: Record<string, unknown>

  constructor(readonly row: RawRow) {
    const value = row.value
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw rowError(row.place, undefined, `must be one JSON object, not ${describe(value)}`)
    }
    this.record = value as Record<string, unknown>
  }

  error(field: string, problem: string): UserError {
    return rowError(this.row.place, field, problem)
  }

  has(field: string): boolean {
    return this.record[field] !== undefined && this.record[field] !== null
  }

  private present(field: string, expected: string): unknown {
    if (!this.has(field)) throw this.error(field, `is missing; add it as ${expected}`)
    return this.record[field]
  }

  /** A string with some text in it. */
  text(field: string): string {
    const value = this.present(field, 'a string')
    if (typeof value !== 'string') throw this.error(field, `must be a string, not ${describe(value)}`)
    if (value.trim() === '') throw this.error(field, 'is empty')
    return value
  }

  optionalText(field: string): string | undefined {
    return this.has(field) ? this.text(field) : undefined
  }

  /** A whole number, from a number, a 64-bit integer (Parquet) or a string of digits (Parquet copies of some datasets). */
  integer(field: string): number {
    const value = this.present(field, 'a whole number')
    const number = typeof value === 'bigint' ? Number(value) : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value
    if (typeof number !== 'number' || !Number.isInteger(number)) throw this.error(field, `must be a whole number, not ${typeof value === 'string' ? `"${value.slice(0, 20)}"` : describe(value)}`)
    return number
  }

  /** A list of at least `minimum` strings (a choice may be blank in the originals: it is kept as it is). */
  strings(field: string, minimum = 2): string[] {
    const value = this.present(field, 'a list of strings')
    if (!Array.isArray(value) || value.length < minimum) throw this.error(field, `must be a list of at least ${minimum} strings, not ${Array.isArray(value) ? `${value.length}` : describe(value)}`)
    return value.map((entry, index) => {
      if (typeof entry !== 'string') throw this.error(`${field}[${index}]`, `must be a string, not ${describe(entry)}`)
      return entry
    })
  }

  /** One of a closed list of strings. */
  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.present(field, allowed.map((entry) => `"${entry}"`).join(' or '))
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
    const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : describe(value)
    throw this.error(field, `must be ${allowed.map((entry) => `"${entry}"`).join(' or ')}, not ${shown}`)
  }

  /** An object, read with its own RowFields (errors name `field.key`). */
  object(field: string): Record<string, unknown> {
    const value = this.present(field, 'an object')
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.error(field, `must be an object, not ${describe(value)}`)
    return value as Record<string, unknown>
  }
}
