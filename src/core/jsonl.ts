import {closeSync, createWriteStream, openSync, readSync, type WriteStream} from 'node:fs'
import {mkdir, open, rename, rm} from 'node:fs/promises'
import {dirname} from 'node:path'
import {once} from 'node:events'

import {lineError} from './errors.js'
import {tempPathFor} from './atomic.js'
import {releasePath} from './interruption.js'

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
 * Splits a byte stream (a file, a response body) into lines as the bytes arrive: one block per
 * chunk, whose lines are decoded only as the block is iterated. A hot loop pays the async hand-over
 * once per chunk, not once per line, and holds one line's string at a time, not a chunk's worth:
 * strings alive when the young generation is collected make V8 grow it, and a chunk's worth of
 * them made `prepare`'s peak memory grow with the number of riddles. Blank lines are skipped but
 * counted. Each block must be iterated to its end before the next one is asked for.
 *
 * Lines are found in the bytes (a newline byte is never part of a multi-byte character) and each
 * is decoded on its own: no streaming decoder, no string glued onto the previous chunk's rest, and
 * no chunk-sized string, which V8 would keep in its large-object space until a full collection.
 */
export async function* splitLineBlocks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Iterable<NumberedLine>> {
  const splitter = new LineSplitter()
  for await (const chunk of chunks) yield linesOf(splitter, asBuffer(chunk))
  const last = splitter.rest()
  if (last !== undefined) yield [last]
}

/**
 * Like splitLineBlocks, with each block's lines decoded together (blocks without lines left out),
 * in a plain loop: a generator per block costs a CLI, whose code runs cold, 15 to 30% more.
 */
export async function* splitLineBatches(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<NumberedLine[]> {
  const splitter = new LineSplitter()
  for await (const chunk of chunks) {
    splitter.feed(asBuffer(chunk))
    const batch: NumberedLine[] = []
    for (let line = splitter.next(); line !== undefined; line = splitter.next()) batch.push(line)
    if (batch.length > 0) yield batch
  }
  const last = splitter.rest()
  if (last !== undefined) yield [last]
}

function* linesOf(splitter: LineSplitter, bytes: Buffer): Generator<NumberedLine> {
  splitter.feed(bytes)
  for (let line = splitter.next(); line !== undefined; line = splitter.next()) yield line
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
}

const NO_BYTES = Buffer.alloc(0)

/**
 * A byte stream's lines, a chunk at a time: `feed` a chunk, then take its lines with `next`. Between
 * chunks it holds the start of a line cut by a chunk's end, and the next line's number.
 */
class LineSplitter {
  private pending: Buffer[] = []
  private nextLine = 1
  private chunk: Buffer = NO_BYTES
  private start = 0

  feed(bytes: Buffer): void {
    this.chunk = bytes
    this.start = 0
  }

  /** The chunk's next line that is not blank; undefined once it has no complete line left (its unfinished end waits for the next chunk). */
  next(): NumberedLine | undefined {
    const bytes = this.chunk
    for (let end = bytes.indexOf(10, this.start); end !== -1; end = bytes.indexOf(10, this.start)) {
      // Only the line that straddles two chunks is copied together.
      const text = this.pending.length === 0 ? decodeLine(bytes, this.start, end, this.nextLine) : decodeLine(Buffer.concat([...this.pending, bytes.subarray(this.start, end)]), 0, undefined, this.nextLine)
      this.pending = []
      const line = this.nextLine
      this.nextLine += 1
      this.start = end + 1
      if (text.trim() !== '') return {line, text}
    }
    // Copied: the reader may reuse its buffer for the next chunk.
    if (this.start < bytes.length) this.pending.push(Buffer.from(bytes.subarray(this.start)))
    this.chunk = NO_BYTES
    this.start = 0
    return undefined
  }

  /** The last line, when the stream did not end with a newline. */
  rest(): NumberedLine | undefined {
    if (this.pending.length === 0) return undefined
    const text = withoutByteOrderMark(Buffer.concat(this.pending).toString('utf8'), this.nextLine)
    return text.trim() === '' ? undefined : {line: this.nextLine, text}
  }
}

/** One line, without its `\r` if it ended in `\r\n` (and the file's byte-order mark on line 1), as readLineBatches gives it. */
export function decodeLine(bytes: Buffer, start: number, end = bytes.length, line: number): string {
  const stop = end > start && bytes[end - 1] === 13 ? end - 1 : end
  return withoutByteOrderMark(bytes.toString('utf8', start, stop), line)
}

/** A file may start with a byte-order mark, which TextDecoder used to drop: so does this. */
function withoutByteOrderMark(text: string, line: number): string {
  return line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Like splitLineBlocks, one line at a time. */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<NumberedLine> {
  for await (const block of splitLineBlocks(chunks)) yield* block
}

/** The lines of a file, a block per 256 KiB read. */
export function readLineBlocks(path: string): AsyncGenerator<Iterable<NumberedLine>> {
  return splitLineBlocks(readChunks(path))
}

export function readLineBatches(path: string): AsyncGenerator<NumberedLine[]> {
  return splitLineBatches(readChunks(path))
}

export function readLines(path: string): AsyncGenerator<NumberedLine> {
  return splitLines(readChunks(path))
}

/** A line's bytes, `bytes[start, end)` without its newline or a `\r` before it, numbered from 1; valid during the call only. */
export type LineBytesVisitor = (bytes: Buffer, start: number, end: number, line: number) => void

/**
 * Every line of a file as bytes, blank ones included, for hot loops that read a few fields of each
 * line and decode only those (a string per line costs a million-line file a third of its reading
 * time). Only a line cut by a chunk's end is copied, to be glued to its rest.
 */
export async function forEachLineBytes(path: string, visit: LineBytesVisitor): Promise<void> {
  let line = 1
  const visitLine = (bytes: Buffer, start: number, end: number): void => {
    visit(bytes, start, end > start && bytes[end - 1] === 13 ? end - 1 : end, line)
    line += 1
  }
  let pending: Buffer | undefined
  for await (const chunk of readChunks(path)) {
    const bytes = asBuffer(chunk)
    let start = 0
    for (let newline = bytes.indexOf(10); newline !== -1; newline = bytes.indexOf(10, start)) {
      if (pending === undefined) visitLine(bytes, start, newline)
      else {
        const joined = Buffer.concat([pending, bytes.subarray(start, newline)])
        pending = undefined
        visitLine(joined, 0, joined.length)
      }
      start = newline + 1
    }
    // Copied: the reader reuses its buffer for the next chunk.
    if (start < bytes.length) pending = Buffer.concat(pending === undefined ? [bytes.subarray(start)] : [pending, bytes.subarray(start)])
  }
  if (pending !== undefined) visitLine(pending, 0, pending.length)
}

/** Bytes a file is read by. */
const READ_BYTES = 1 << 18

/**
 * A file's bytes, read into two buffers in turn: the next read is under way while the last chunk
 * is split, and no buffer is left behind for the garbage collector (a read stream allocates one
 * per read, and V8 frees them late). A chunk is valid until the next one is asked for.
 */
async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  const file = await open(path)
  const buffers = [Buffer.allocUnsafeSlow(READ_BYTES), Buffer.allocUnsafeSlow(READ_BYTES)]
  let reading = file.read(buffers[0]!, 0, READ_BYTES, null)
  try {
    for (let turn = 1; ; turn ^= 1) {
      const {bytesRead, buffer} = await reading
      if (bytesRead === 0) return
      reading = file.read(buffers[turn]!, 0, READ_BYTES, null)
      yield buffer.subarray(0, bytesRead)
    }
  } finally {
    await reading.catch(() => undefined)
    await file.close()
  }
}

/** The lines of a file, read without yielding to the event loop: for rare lookups inside a synchronous loop. */
export function* readLinesSync(path: string): Generator<NumberedLine> {
  const splitter = new LineSplitter()
  const file = openSync(path, 'r')
  const chunk = Buffer.allocUnsafe(READ_BYTES)
  try {
    for (;;) {
      const read = readSync(file, chunk, 0, READ_BYTES, null)
      if (read === 0) break
      yield* linesOf(splitter, chunk.subarray(0, read))
    }
    const last = splitter.rest()
    if (last !== undefined) yield last
  } finally {
    closeSync(file)
  }
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
 * A buffer the disk has taken is used again, not left for the garbage collector: V8 frees
 * buffers late, and 100,000 riddles had 30 MB of written ones waiting at the peak. Writers that
 * take turns, like the shards of a batch, share their spare buffers (`spare`).
 */
export class AtomicJsonlWriter {
  readonly path: string
  private readonly temp: string
  private stream: WriteStream | undefined
  private chunk: Buffer
  private used = 0
  /** Lines and UTF-8 bytes written so far. */
  lines = 0
  bytes = 0

  /** `spare`: buffers the disk has finished with, for the next flushes. */
  constructor(
    path: string,
    private readonly spare: Buffer[] = [],
  ) {
    this.path = path
    this.temp = tempPathFor(path)
    this.chunk = spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES)
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
    return this.writePieces([json], Buffer.byteLength(json) + 1)
  }

  /**
   * Appends one line given in pieces (see prepare/serialize-line.ts) whose UTF-8 length, newline
   * included, the caller has measured. Returns a promise only when the buffer was flushed.
   */
  writePieces(pieces: readonly string[], lineBytes: number): Promise<void> | undefined {
    if (lineBytes > this.chunk.length - this.used) return this.writeAfterFlush(pieces, lineBytes)
    for (const piece of pieces) this.used += this.chunk.write(piece, this.used)
    this.chunk[this.used++] = 10
    this.count(lineBytes)
    return undefined
  }

  /** A line that did not fit what is left of the buffer: the buffer goes first, then the line. */
  private async writeAfterFlush(pieces: readonly string[], lineBytes: number): Promise<void> {
    await this.flush()
    // After the flush the buffer is empty, so a line that fits is copied in and nothing is awaited.
    if (lineBytes <= this.chunk.length) return this.writePieces(pieces, lineBytes)
    this.count(lineBytes)
    await this.send(Buffer.from(pieces.join('') + '\n'))
  }

  async write(value: unknown): Promise<void> {
    await this.writeLine(JSON.stringify(value))
  }

  private count(bytes: number): void {
    this.lines += 1
    this.bytes += bytes
  }

  /** Hands the buffered bytes to the disk and goes on in a spare buffer; the full one is spare again once written. */
  private async flush(): Promise<void> {
    if (this.used === 0) return
    const full = this.chunk
    const bytes = full.subarray(0, this.used)
    this.chunk = this.spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES)
    this.used = 0
    await this.send(bytes, () => this.spare.push(full))
  }

  private async send(bytes: Uint8Array, written?: () => void): Promise<void> {
    if (this.stream === undefined) {
      await mkdir(dirname(this.path), {recursive: true})
      this.stream = createWriteStream(this.temp, {highWaterMark: WRITE_AHEAD})
    }
    if (!this.stream.write(bytes, (error) => error == null && written?.())) await once(this.stream, 'drain')
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
    releasePath(this.temp)
  }

  /** Drops everything written: the final path is left untouched. */
  async abort(): Promise<void> {
    if (this.stream !== undefined) {
      const stream = this.stream
      await new Promise<void>((resolve) => stream.end(resolve))
    }
    await rm(this.temp, {force: true})
    releasePath(this.temp)
  }
}
