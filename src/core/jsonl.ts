import {createReadStream, createWriteStream, type WriteStream} from 'node:fs'
import {mkdir, rename, rm} from 'node:fs/promises'
import {dirname} from 'node:path'
import {once} from 'node:events'

import {lineError} from './errors.js'
import {tempPathFor} from './atomic.js'

export interface JsonlRow<T = unknown> {
  /** 1-based line number in the file, for error messages. */
  line: number
  value: T
}

/** One line of a file or download, numbered from 1, without its line ending. */
export interface NumberedLine {
  line: number
  text: string
}

/**
 * Splits a byte stream (a file, a response body) into lines as the bytes arrive, yielding all the
 * complete lines of each chunk together: a hot loop pays the async hand-over once per chunk, not
 * once per line. Memory stays at one chunk plus one line. Blank lines are skipped but counted.
 *
 * Lines are found in the bytes (a newline byte is never part of a multi-byte character) and each
 * is decoded on its own: no streaming decoder, no string glued onto the previous chunk's rest, and
 * no chunk-sized string, which V8 would keep in its large-object space until a full collection.
 */
export async function* splitLineBatches(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<NumberedLine[]> {
  let pending: Buffer[] = []
  let nextLine = 1
  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    const batch: NumberedLine[] = []
    let start = 0
    for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
      // Only the line that straddles two chunks is copied together.
      const text = pending.length === 0 ? decodeLine(bytes, start, end, nextLine) : decodeLine(Buffer.concat([...pending, bytes.subarray(start, end)]), 0, undefined, nextLine)
      pending = []
      if (text.trim() !== '') batch.push({line: nextLine, text})
      nextLine += 1
      start = end + 1
    }
    if (start < bytes.length) pending.push(bytes.subarray(start))
    if (batch.length > 0) yield batch
  }
  if (pending.length === 0) return
  const rest = Buffer.concat(pending)
  const text = withoutByteOrderMark(rest.toString('utf8'), nextLine)
  if (text.trim() !== '') yield [{line: nextLine, text}]
}

/** One line, without its `\r` if it ended in `\r\n`. */
function decodeLine(bytes: Buffer, start: number, end = bytes.length, line: number): string {
  const stop = end > start && bytes[end - 1] === 13 ? end - 1 : end
  return withoutByteOrderMark(bytes.toString('utf8', start, stop), line)
}

/** A file may start with a byte-order mark, which TextDecoder used to drop: so does this. */
function withoutByteOrderMark(text: string, line: number): string {
  return line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Like splitLineBatches, one line at a time. */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<NumberedLine> {
  for await (const batch of splitLineBatches(chunks)) yield* batch
}

/**
 * The lines of a file, in 256 KiB reads (1 MiB reads measured a peak RSS growing with the file,
 * as the runtime frees them lazily).
 */
export function readLineBatches(path: string): AsyncGenerator<NumberedLine[]> {
  return splitLineBatches(createReadStream(path, {highWaterMark: 1 << 18}))
}

export function readLines(path: string): AsyncGenerator<NumberedLine> {
  return splitLines(createReadStream(path, {highWaterMark: 1 << 18}))
}

/** Parses one JSONL line; a line that is not JSON is an error naming the file and line. */
export function parseJsonLine<T = unknown>(text: string, label: string, line: number): T {
  try {
    return JSON.parse(text) as T
  } catch {
    throw lineError(label, line, undefined, 'not valid JSON; each line must be one JSON object')
  }
}

/** Streams parsed JSON values, numbered by line. */
export async function* readJsonl<T = unknown>(path: string, label = path): AsyncGenerator<JsonlRow<T>> {
  for await (const batch of readLineBatches(path)) {
    for (const {line, text} of batch) yield {line, value: parseJsonLine<T>(text, label, line)}
  }
}

/**
 * Bytes the writer may have queued for the disk before it waits: with the default (16 KiB) every
 * 1 MiB flush waited for the disk, and CPU and I/O took turns instead of overlapping.
 */
const WRITE_AHEAD = 8 << 20

/** The writer's buffer: lines are encoded into it as they come, and it goes to the disk when full. */
const CHUNK_BYTES = 1 << 20
/** A UTF-8 character takes at most 4 bytes: a write that stops further than this from the end wrote everything. */
const MAX_CHAR_BYTES = 4

/**
 * Writes JSONL to a temp file beside `path` and renames it into place on `commit()`, so a crash
 * or an error never leaves a half-written file under the final name.
 *
 * Lines are encoded into a 1 MiB buffer as they are written, not kept as strings until a flush:
 * strings held that long outlive the young generation and pile up in the old one (a 200,000-line
 * results file peaked at 400 MB that way), and joining them only to encode them again costs time.
 */
export class AtomicJsonlWriter {
  readonly path: string
  private readonly temp: string
  private stream: WriteStream | undefined
  private chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES)
  private used = 0
  /** Lines and UTF-8 bytes written so far. */
  lines = 0
  bytes = 0

  constructor(path: string) {
    this.path = path
    this.temp = tempPathFor(path)
  }

  /**
   * Appends one already-serialized line (no newline). Returns a promise only when the buffer was
   * flushed to disk, so a hot loop pays for `await` once per MiB instead of once per line.
   */
  writeLine(json: string): Promise<void> | undefined {
    const room = this.chunk.length - this.used
    const written = this.chunk.write(json, this.used)
    // The common case needs no length computed: the line stopped well short of the end, so it is all in.
    if (written + 1 < room - MAX_CHAR_BYTES || (written + 1 <= room && written === Buffer.byteLength(json))) {
      this.chunk[this.used + written] = 10
      this.count(written + 1)
      this.used += written + 1
      return undefined
    }
    return this.writeAfterFlush(json)
  }

  /** A line that did not fit what is left of the buffer: the buffer goes first, then the line. */
  private async writeAfterFlush(json: string): Promise<void> {
    await this.flush()
    const line = Buffer.from(json + '\n')
    this.count(line.length)
    if (line.length > this.chunk.length) await this.send(line)
    else this.used = line.copy(this.chunk)
  }

  async write(value: unknown): Promise<void> {
    await this.writeLine(JSON.stringify(value))
  }

  /** Appends `lines` whole lines already encoded (each ending in a newline), written as they are. */
  async writeBytes(bytes: Uint8Array, lines: number): Promise<void> {
    await this.flush()
    this.lines += lines
    this.bytes += bytes.length
    await this.send(bytes)
  }

  private count(bytes: number): void {
    this.lines += 1
    this.bytes += bytes
  }

  /** Hands the buffered bytes to the disk and starts a new buffer (the stream keeps the old one until written). */
  private async flush(): Promise<void> {
    if (this.used === 0) return
    const full = this.chunk.subarray(0, this.used)
    this.chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES)
    this.used = 0
    await this.send(full)
  }

  private async send(bytes: Uint8Array): Promise<void> {
    if (this.stream === undefined) {
      await mkdir(dirname(this.path), {recursive: true})
      this.stream = createWriteStream(this.temp, {highWaterMark: WRITE_AHEAD})
    }
    if (!this.stream.write(bytes)) await once(this.stream, 'drain')
  }

  /** Finishes the file and moves it into place (`path`, or `finalPath` when the name was only known at the end). */
  async commit(finalPath = this.path): Promise<void> {
    await this.flush()
    if (this.stream === undefined) await this.send(new Uint8Array(0)) // an empty writer still creates its (empty) file
    const stream = this.stream!
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject)
      stream.end(resolve)
    })
    await rename(this.temp, finalPath)
  }

  /** Drops everything written: the final path is left untouched. */
  async abort(): Promise<void> {
    if (this.stream !== undefined) {
      const stream = this.stream
      await new Promise<void>((resolve) => stream.end(resolve))
    }
    await rm(this.temp, {force: true})
  }
}
