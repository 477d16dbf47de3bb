type Fields = Readonly<Record<string, unknown>>

/** A vendor answer that is not the shape its SDK types say, naming the first field that is not. */
export class UnreadableAnswer extends Error {
  override readonly name = 'UnreadableAnswer'
}

/**
 * Checks one vendor answer (a batch status, a list) where it enters, field by field as bench reads
 * it, and throws an UnreadableAnswer naming the first field that is not what the vendor's SDK
 * types say. Hand-written rather than a schema library: a status is a dozen fields, read once per
 * command, and `bench get` starts under `watch` every two seconds, where a library's load time
 * would show (see README, Performance).
 */
export class AnswerShape {
  record(value: unknown, path: string): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.wrong(path, 'an object', value)
    return value as Fields
  }

  optionalRecord(value: unknown, path: string): Fields | undefined {
    return value == null ? undefined : this.record(value, path)
  }

  list(value: unknown, path: string): readonly unknown[] {
    if (!Array.isArray(value)) throw this.wrong(path, 'a list', value)
    return value
  }

  string(record: Fields, key: string, path = key): string {
    const value = record[key]
    if (typeof value !== 'string') throw this.wrong(path, 'text', value)
    return value
  }

  /** Absent and null read alike: the vendors' SDK types mark such fields `?: T | null`. */
  optionalString(record: Fields, key: string, path = key): string | undefined {
    const value = record[key]
    if (value == null) return undefined
    if (typeof value !== 'string') throw this.wrong(path, 'text', value)
    return value
  }

  number(record: Fields, key: string, path = key): number {
    const value = record[key]
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.wrong(path, 'a number', value)
    return value
  }

  optionalNumber(record: Fields, key: string, path = key): number | undefined {
    return record[key] == null ? undefined : this.number(record, key, path)
  }

  /** A count that may come as an int64 string (Gemini's `batchStats`). */
  optionalCount(record: Fields, key: string, path = key): number | undefined {
    const value = record[key]
    if (value == null) return undefined
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) throw this.wrong(path, 'a count', value)
    return number
  }

  private wrong(path: string, expected: string, value: unknown): UnreadableAnswer {
    // JSON.stringify gives undefined for functions and symbols, which JSON never holds.
    const got = value === undefined ? 'nothing' : (JSON.stringify(value) ?? typeof value).slice(0, 40)
    return new UnreadableAnswer(`${path} should be ${expected}, got ${got}`)
  }
}
