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

/**
 * Streams the raw lines of a file (without the newline), numbered from 1. Blank lines are
 * skipped but counted. Reads in 256 KiB chunks: constant memory whatever the file size (1 MiB chunks measured a peak RSS growing with the file, as the runtime frees them lazily).
 */
export async function* readLines(path: string): AsyncGenerator<{line: number; text: string}> {
  let rest = ''
  let line = 0
  for await (const chunk of createReadStream(path, {encoding: 'utf8', highWaterMark: 1 << 18})) {
    const text = rest + (chunk as string)
    let start = 0
    let end: number
    while ((end = text.indexOf('\n', start)) !== -1) {
      line += 1
      const content = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end)
      if (content.trim() !== '') yield {line, text: content}
      start = end + 1
    }
    rest = text.slice(start)
  }
  if (rest.trim() !== '') yield {line: line + 1, text: rest}
}

/** Streams parsed JSON values; a line that is not JSON is an error naming the file and line. */
export async function* readJsonl<T = unknown>(path: string, label = path): AsyncGenerator<JsonlRow<T>> {
  for await (const {line, text} of readLines(path)) {
    let value: T
    try {
      value = JSON.parse(text) as T
    } catch {
      throw lineError(label, line, undefined, 'not valid JSON; each line must be one JSON object')
    }
    yield {line, value}
  }
}

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
      this.stream = createWriteStream(this.temp)
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
