import {readFile} from 'node:fs/promises'

import {parseJsonLine, readLineBatches} from './jsonl.js'
import type {BatchManifest} from './manifest.js'

/** Every request of a batch, in shard order: its id and the index of its shard. */
export interface BatchRequests {
  ids: string[]
  shards: Int32Array
}

/**
 * The requests of a batch: from its ids file (written by `prepare`), or, for a batch prepared
 * before there was one, from its shard files. Ids are unique within a batch: `prepare` made sure.
 */
export async function batchRequests(manifest: BatchManifest): Promise<BatchRequests> {
  return manifest.ids_file === undefined ? readShardIds(manifest) : readIdsFile(manifest, manifest.ids_file)
}

/**
 * The ids file, read whole and cut at its newlines rather than line by line: ids are short, and
 * 200,000 of them took 180 ms as lines against 30 ms so. The file is barely bigger than the ids.
 */
async function readIdsFile(manifest: BatchManifest, file: string): Promise<BatchRequests> {
  const ids: string[] = []
  for (const [index, text] of (await readFile(file, 'utf8')).split('\n').entries()) {
    if (text !== '') ids.push(plainJsonString(text) ?? parseJsonLine<string>(text, file, index + 1))
  }
  // The ids file lists the shards' ids in order: the shard of each follows from the shards' sizes.
  const shards = new Int32Array(ids.length).fill(manifest.shards.length - 1)
  let start = 0
  for (const [index, shard] of manifest.shards.entries()) {
    shards.fill(index, start, Math.min(start + shard.requests, ids.length))
    start += shard.requests
  }
  return {ids, shards}
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
  return {ids, shards: Int32Array.from(shards)}
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

  constructor(private readonly ids: readonly string[]) {}

  /** The position of request `id` in the batch; undefined when the batch has no such request. */
  positionOf(id: string): number | undefined {
    if (this.ids[this.next] === id) return this.next++
    this.positions ??= positionsOf(this.ids)
    const position = this.positions.get(id)
    if (position !== undefined) this.next = position + 1
    return position
  }
}

function positionsOf(ids: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>()
  for (const [position, id] of ids.entries()) positions.set(id, position)
  return positions
}

/** A JSON string with no escapes (`"r-12"`, as ids are) read without the parser; undefined for any other. */
function plainJsonString(text: string): string | undefined {
  const last = text.length - 1
  if (last < 1 || text.charCodeAt(0) !== 34 || text.charCodeAt(last) !== 34) return undefined
  const inner = text.slice(1, last)
  return inner.includes('"') || inner.includes('\\') ? undefined : inner
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
