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
 * Each chunk is cut after its last newline and only whole lines are decoded (a newline byte is
 * never part of a multi-byte character), so no streaming decoder is needed, and no string is
 * glued onto the remainder of the previous one: both cost time and memory on large files.
 */
export async function* splitLineBatches(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<NumberedLine[]> {
  let pending: Buffer[] = []
  let nextLine = 1
  let first = true
  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    const end = bytes.lastIndexOf(10) + 1
    if (end === 0) {
      pending.push(bytes)
      continue
    }
    const batch: NumberedLine[] = []
    let start = 0
    if (pending.length > 0) {
      // Only the line that straddles the chunks is glued together, not the whole chunk.
      start = bytes.indexOf(10) + 1
      nextLine = pushLines(decode(Buffer.concat([...pending, bytes.subarray(0, start)]), first), nextLine, batch)
      first = false
    }
    nextLine = pushLines(decode(bytes.subarray(start, end), first), nextLine, batch)
    first = false
    pending = end < bytes.length ? [bytes.subarray(end)] : []
    if (batch.length > 0) yield batch
  }
  const rest = decode(Buffer.concat(pending), first)
  if (rest.trim() !== '') yield [{line: nextLine, text: rest}]
}

/** UTF-8, less the byte-order mark a file may start with (as TextDecoder drops it). */
function decode(bytes: Buffer, atStart: boolean): string {
  const text = bytes.toString('utf8')
  return atStart && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Adds the lines of `text` (which ends with a newline) to `batch`, numbered from `line`; returns the next number. */
function pushLines(text: string, line: number, batch: NumberedLine[]): number {
  let start = 0
  let end: number
  while ((end = text.indexOf('\n', start)) !== -1) {
    const content = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end)
    if (content.trim() !== '') batch.push({line, text: content})
    line += 1
    start = end + 1
  }
  return line
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
