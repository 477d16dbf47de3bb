/**
 * Reads the string values of a few top-level keys of a JSON object straight from its UTF-8 bytes,
 * checking the whole line's syntax on the way but building nothing: JSON.parse makes an object
 * and a string for every field of every line, which is most of the time of reading a million
 * battles (README, Performance).
 *
 * A fast path, not a parser: `scan` says yes only when JSON.parse would surely return an object
 * whose wanted keys hold, last occurrence winning as there, strings with exactly these bytes.
 * Whatever it does not handle says no, and the caller parses the line with JSON.parse, which also
 * words the error: a backslash in any string (escapes), a wanted key missing or not a string, a
 * byte-order mark, anything but an object, nesting deeper than MAX_DEPTH. Bytes from 0x80 up are
 * taken as they are inside strings: decoding never turns them into a quote or a backslash, and any
 * character they decode to is allowed in a JSON string.
 */
export class JsonStringFields {
  /** After a scan that said yes: where each wanted key's value starts and ends in the bytes, quotes excluded. */
  readonly starts: Int32Array
  readonly ends: Int32Array
  private readonly keys: Buffer[]
  private bytes: Uint8Array = new Uint8Array(0)
  private position = 0
  private end = 0

  constructor(keys: readonly string[]) {
    this.keys = keys.map((key) => Buffer.from(key, 'utf8'))
    this.starts = new Int32Array(keys.length)
    this.ends = new Int32Array(keys.length)
  }

  /** Whether `bytes[start, end)` is one JSON object (with white space around it) holding every wanted key as a plain string. */
  scan(bytes: Uint8Array, start: number, end: number): boolean {
    this.bytes = bytes
    this.position = start
    this.end = end
    this.starts.fill(-1)
    this.skipSpace()
    if (this.peek() !== OPEN_BRACE || !this.object(0, true)) return false
    this.skipSpace()
    if (this.position !== end) return false
    for (let index = 0; index < this.starts.length; index += 1) if (this.starts[index]! < 0) return false
    return true
  }

  private peek(): number {
    return this.position < this.end ? this.bytes[this.position]! : -1
  }

  private skipSpace(): void {
    for (; this.position < this.end; this.position += 1) {
      const byte = this.bytes[this.position]!
      if (byte !== SPACE && byte !== TAB && byte !== LINE_FEED && byte !== CARRIAGE_RETURN) return
    }
  }

  private value(depth: number): boolean {
    switch (this.peek()) {
      case OPEN_BRACE:
        return this.object(depth + 1, false)
      case OPEN_BRACKET:
        return this.array(depth + 1)
      case QUOTE:
        return this.string()
      case LETTER_T:
        return this.literal(TRUE)
      case LETTER_F:
        return this.literal(FALSE)
      case LETTER_N:
        return this.literal(NULL)
      default:
        return this.number()
    }
  }

  /** At `{`. On the top level, notes where each wanted key's string value lies (a later duplicate replaces it). */
  private object(depth: number, top: boolean): boolean {
    return this.container(depth, CLOSE_BRACE, top)
  }

  /** At `[`. */
  private array(depth: number): boolean {
    return this.container(depth, CLOSE_BRACKET, false)
  }

  /** At `{` or `[`: members separated by commas up to `close`, each a key and a value in an object, a value in an array. */
  private container(depth: number, close: number, top: boolean): boolean {
    if (depth > MAX_DEPTH) return false
    this.position += 1
    this.skipSpace()
    if (this.peek() === close) {
      this.position += 1
      return true
    }
    for (;;) {
      if (!(close === CLOSE_BRACE ? this.member(depth, top) : this.value(depth))) return false
      this.skipSpace()
      const next = this.peek()
      this.position += 1
      if (next === close) return true
      if (next !== COMMA) return false
      this.skipSpace()
    }
  }

  /** One `"key": value` of an object. */
  private member(depth: number, top: boolean): boolean {
    if (this.peek() !== QUOTE) return false
    const keyStart = this.position + 1
    if (!this.string()) return false
    const wanted = top ? this.wantedKey(keyStart, this.position - 1) : -1
    this.skipSpace()
    if (this.peek() !== COLON) return false
    this.position += 1
    this.skipSpace()
    const valueStart = this.position
    if (!this.value(depth)) return false
    if (wanted >= 0) {
      const isString = this.bytes[valueStart] === QUOTE
      this.starts[wanted] = isString ? valueStart + 1 : -1
      this.ends[wanted] = isString ? this.position - 1 : -1
    }
    return true
  }

  /** At `"`: a string without escapes or control characters; ends past its closing quote. */
  private string(): boolean {
    const {bytes, end} = this
    for (let position = this.position + 1; position < end; position += 1) {
      const byte = bytes[position]!
      if (byte === QUOTE) {
        this.position = position + 1
        return true
      }
      if (byte === BACKSLASH || byte < SPACE) return false
    }
    return false
  }

  /** `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` */
  private number(): boolean {
    if (this.peek() === MINUS) this.position += 1
    if (this.peek() === DIGIT_0) this.position += 1
    else if (!this.digits()) return false
    if (this.peek() === DOT) {
      this.position += 1
      if (!this.digits()) return false
    }
    const exponent = this.peek()
    if (exponent === LETTER_E || exponent === CAPITAL_E) {
      this.position += 1
      const sign = this.peek()
      if (sign === PLUS || sign === MINUS) this.position += 1
      if (!this.digits()) return false
    }
    return true
  }

  /** One digit or more. */
  private digits(): boolean {
    const from = this.position
    for (let byte = this.peek(); byte >= DIGIT_0 && byte <= DIGIT_9; byte = this.peek()) this.position += 1
    return this.position > from
  }

  private literal(word: Uint8Array): boolean {
    if (this.position + word.length > this.end) return false
    for (let index = 0; index < word.length; index += 1) if (this.bytes[this.position + index] !== word[index]) return false
    this.position += word.length
    return true
  }

  /** Which wanted key `bytes[start, end)` is, or -1. Indexed loops: an iterator here would be garbage a million times over. */
  private wantedKey(start: number, end: number): number {
    const {keys, bytes} = this
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index]!
      if (key.length !== end - start) continue
      let offset = 0
      while (offset < key.length && bytes[start + offset] === key[offset]) offset += 1
      if (offset === key.length) return index
    }
    return -1
  }
}

/** Deeper than this, the caller's JSON.parse decides (it has no such limit short of the stack). */
const MAX_DEPTH = 64

const TAB = 0x09
const LINE_FEED = 0x0a
const CARRIAGE_RETURN = 0x0d
const SPACE = 0x20
const QUOTE = 0x22
const PLUS = 0x2b
const COMMA = 0x2c
const MINUS = 0x2d
const DOT = 0x2e
const DIGIT_0 = 0x30
const DIGIT_9 = 0x39
const COLON = 0x3a
const CAPITAL_E = 0x45
const OPEN_BRACKET = 0x5b
const BACKSLASH = 0x5c
const CLOSE_BRACKET = 0x5d
const LETTER_E = 0x65
const LETTER_F = 0x66
const LETTER_N = 0x6e
const LETTER_T = 0x74
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const TRUE = Buffer.from('true')
const FALSE = Buffer.from('false')
const NULL = Buffer.from('null')
