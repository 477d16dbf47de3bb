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
 */
export async function* splitLineBatches(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<NumberedLine[]> {
  const decoder = new TextDecoder()
  let rest = ''
  let line = 0
  for await (const chunk of chunks) {
    const text = rest + decoder.decode(chunk, {stream: true})
    const batch: NumberedLine[] = []
    let start = 0
    let end: number
    while ((end = text.indexOf('\n', start)) !== -1) {
      line += 1
      const content = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end)
      if (content.trim() !== '') batch.push({line, text: content})
      start = end + 1
    }
    rest = text.slice(start)
    if (batch.length > 0) yield batch
  }
  rest += decoder.decode()
  if (rest.trim() !== '') yield [{line: line + 1, text: rest}]
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

/**
 * Writes JSONL to a temp file beside `path` and renames it into place on `commit()`, so a crash
 * or an error never leaves a half-written file under the final name. Buffers ~1 MiB per write.
 */
export class AtomicJsonlWriter {
  readonly path: string
  private readonly temp: string
  private stream: WriteStream | undefined
  private buffer: string[] = []
  private buffered = 0
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
    const line = json + '\n'
    this.buffer.push(line)
    this.buffered += line.length
    this.lines += 1
    this.bytes += Buffer.byteLength(line)
    return this.buffered >= 1 << 20 ? this.flush() : undefined
  }

  async write(value: unknown): Promise<void> {
    await this.writeLine(JSON.stringify(value))
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return
    if (this.stream === undefined) {
      await mkdir(dirname(this.path), {recursive: true})
      this.stream = createWriteStream(this.temp, {highWaterMark: WRITE_AHEAD})
    }
    const ok = this.stream.write(this.buffer.join(''))
    this.buffer = []
    this.buffered = 0
    if (!ok) await once(this.stream, 'drain')
  }

  /** Finishes the file and moves it into place (`path`, or `finalPath` when the name was only known at the end). */
  async commit(finalPath = this.path): Promise<void> {
    this.buffer.push('') // an empty writer still creates its (empty) file
    await this.flush()
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
