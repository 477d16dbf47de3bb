import {readFile} from 'node:fs/promises'

import type {BatchManifest} from '../batch/manifest.js'
import {lineError} from '../errors.js'
import {parseJsonLine, readLineBatches} from '../jsonl.js'

/** Every request of a batch, in shard order: its id and the index of its shard. */
export interface BatchRequests {
  ids: RequestIdList
  shards: Int32Array
}

/** A batch's request ids in order. */
export interface RequestIdList extends Iterable<string> {
  readonly length: number
  at(position: number): string
  /** Whether the request at `position` has this id, without building the id's string where it can. */
  is(position: number, id: string): boolean
}

/**
 * The requests of a batch: from its ids file (written by `prepare`), or, for a batch prepared
 * before there was one, from its shard files. Ids are unique within a batch: `prepare` made sure.
 */
export async function batchRequests(manifest: BatchManifest): Promise<BatchRequests> {
  return manifest.ids_file === undefined ? readShardIds(manifest) : readIdsFile(manifest, manifest.ids_file)
}

async function readIdsFile(manifest: BatchManifest, file: string): Promise<BatchRequests> {
  const ids = new IdsFileText(await readFile(file, 'utf8'), file)
  // The ids file lists the shards' ids in order: the shard of each follows from the shards' sizes.
  const shards = new Int32Array(ids.length).fill(manifest.shards.length - 1)
  let start = 0
  for (const [index, shard] of manifest.shards.entries()) {
    shards.fill(index, start, Math.min(start + shard.requests, ids.length))
    start += shard.requests
  }
  return {ids, shards}
}

/**
 * The ids file's text, with where each id lies in it. An id is one JSON string per line, and
 * bench's ids (`r-12`) need no escapes: such an id is read straight from the text, and only a
 * line with escapes (or padding) is parsed, up front. `results` compares 200,000 ids to the vendor's lines without
 * making a string of each, which took 30 to 50 ms of its start.
 */
class IdsFileText implements RequestIdList {
  length = 0
  /** Where the id at each position starts and ends in the text; -1 for one parsed up front, kept in `parsed`. */
  private starts: Int32Array
  private ends: Int32Array
  private readonly parsed = new Map<number, string>()

  constructor(
    private readonly text: string,
    file: string,
  ) {
    this.starts = new Int32Array(1024)
    this.ends = new Int32Array(1024)
    // No backslash anywhere (the usual case) costs one scan; else each line is checked against the next backslash.
    let backslash = text.indexOf('\\')
    for (let start = 0, line = 1; start < text.length; line += 1) {
      const newline = text.indexOf('\n', start)
      const end = newline === -1 ? text.length : newline
      if (backslash !== -1 && backslash < start) backslash = text.indexOf('\\', start)
      const plain = end - start >= 2 && text.charCodeAt(start) === QUOTE && text.indexOf('"', start + 1) === end - 1 && (backslash === -1 || backslash >= end)
      if (plain) this.push(start + 1, end - 1)
      else if (text.slice(start, end).trim() !== '') this.pushParsed(parseId(text.slice(start, end), file, line))
      start = end + 1
    }
  }

  at(position: number): string {
    const start = this.starts[position]!
    return start === -1 ? this.parsed.get(position)! : this.text.slice(start, this.ends[position])
  }

  is(position: number, id: string): boolean {
    const start = this.starts[position]!
    if (start === -1) return this.parsed.get(position) === id
    return id.length === this.ends[position]! - start && this.text.startsWith(id, start)
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let position = 0; position < this.length; position += 1) yield this.at(position)
  }

  private push(start: number, end: number): void {
    if (this.length === this.starts.length) {
      this.starts = grown(this.starts)
      this.ends = grown(this.ends)
    }
    this.starts[this.length] = start
    this.ends[this.length] = end
    this.length += 1
  }

  private pushParsed(id: string): void {
    this.parsed.set(this.length, id)
    this.push(-1, -1)
  }
}

const QUOTE = 34

function grown(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2)
  bigger.set(array)
  return bigger
}

function parseId(text: string, file: string, line: number): string {
  const id = parseJsonLine<unknown>(text, file, line)
  if (typeof id !== 'string') throw lineError(file, line, undefined, 'not a request id: each line must be one JSON string')
  return id
}

/** A list of ids already in memory. */
export function requestIdList(ids: readonly string[]): RequestIdList {
  return {length: ids.length, at: (position) => ids[position]!, is: (position, id) => ids[position] === id, [Symbol.iterator]: () => ids[Symbol.iterator]()}
}

async function readShardIds(manifest: BatchManifest): Promise<BatchRequests> {
  const ids: string[] = []
  const shards: number[] = []
  for (const [index, shard] of manifest.shards.entries()) {
    for await (const batch of readLineBatches(shard.file)) {
      for (const {line, text} of batch) {
        const id = shardLineId(text, shard.file, line)
        if (id === undefined) continue
        ids.push(id)
        shards.push(index)
      }
    }
  }
  return {ids: requestIdList(ids), shards: Int32Array.from(shards)}
}

/** The ids of a batch's requests, as a set. */
export async function requestIds(manifest: BatchManifest): Promise<Set<string>> {
  return new Set((await batchRequests(manifest)).ids)
}

/**
 * Finds the request each result line answers. Vendors mostly answer in the order they were asked,
 * so the next request in order is tried first; a map of every id is built only when a line comes
 * out of order. 200,000 lines in order cost no map at all, where building one took ~80 ms.
 */
export class RequestFinder {
  private next = 0
  private positions: Map<string, number> | undefined

  constructor(private readonly ids: RequestIdList) {}

  /** The position of request `id` in the batch; undefined when the batch has no such request. */
  positionOf(id: string): number | undefined {
    if (this.next < this.ids.length && this.ids.is(this.next, id)) return this.next++
    this.positions ??= positionsOf(this.ids)
    const position = this.positions.get(id)
    if (position !== undefined) this.next = position + 1
    return position
  }
}

function positionsOf(ids: RequestIdList): Map<string, number> {
  const positions = new Map<string, number>()
  for (let position = 0; position < ids.length; position += 1) positions.set(ids.at(position), position)
  return positions
}

/**
 * bench writes the id first on every line (`{"custom_id":"..."` or Gemini's `{"key":"..."`): read
 * it without parsing the whole request, which may carry megabytes of images. Undefined when the
 * line does not start that way (a file written by hand), and the caller parses it.
 */
const LEADING_ID = /^\{"(?:custom_id|key)":"([^"\\]*)"/

/** The request id of one line of a shard file (line `line` of `file`, for errors). */
export function shardLineId(text: string, file: string, line: number): string | undefined {
  return LEADING_ID.exec(text)?.[1] ?? idOf(parseJsonLine<{custom_id?: string; key?: string}>(text, file, line))
}

function idOf(value: {custom_id?: string; key?: string}): string | undefined {
  // Gemini lines carry the id as `key`; every other vendor as `custom_id`.
  return value.custom_id ?? value.key
}
