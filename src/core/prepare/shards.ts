import {rm} from 'node:fs/promises'

import {UserError} from '../errors.js'
import {AtomicJsonlWriter} from '../jsonl.js'
import type {BatchLimits} from '../../providers/types.js'

export interface WrittenShard {
  /** Final path of the shard file. */
  file: string
  requests: number
  bytes: number
}

/**
 * Splits a stream of JSONL lines into shard files that each fit one vendor batch. Nothing
 * appears under a final name until `commit()`: a bad line half-way leaves no file behind.
 * One shard is `<base>.jsonl`; several are `<base>.part-001.jsonl`, `<base>.part-002.jsonl`, ...
 */
export class ShardedJsonlWriter {
  private readonly shards: AtomicJsonlWriter[] = []
  private current: AtomicJsonlWriter | undefined
  /**
   * Every request id, in file order, beside the shards (`<base>.ids.jsonl`): `results` needs the
   * ids of the batch, and reading them here costs a few MB instead of re-reading every request.
   */
  private readonly ids: AtomicJsonlWriter
  readonly idsFile: string
  /** The shards' spare buffers: one shard is written at a time, so one pool serves them all. */
  private readonly spare: Buffer[] = []

  constructor(
    private readonly basePath: string,
    private readonly limits: BatchLimits,
  ) {
    this.idsFile = `${basePath}.ids.jsonl`
    this.ids = new AtomicJsonlWriter(this.idsFile)
  }

  /**
   * Appends the line of request `id` (as the vendor gets it), given in pieces (see
   * serialize-line.ts); `shownId`, the user's own id, names the request in the error when the line
   * cannot fit any batch. Like AtomicJsonlWriter.writeLine, returns a promise only when something
   * was flushed to disk.
   */
  writeLine(pieces: readonly string[], id: string, shownId = id): Promise<void> | undefined {
    let lineBytes = 1
    for (const piece of pieces) lineBytes += Buffer.byteLength(piece)
    const current = this.shardWithRoomFor(lineBytes, shownId)
    const idFlushed = this.ids.writeLine(JSON.stringify(id))
    const lineFlushed = current.writePieces(pieces, lineBytes)
    if (idFlushed === undefined) return lineFlushed
    return lineFlushed === undefined ? idFlushed : Promise.all([idFlushed, lineFlushed]).then(() => undefined)
  }

  /** The shard the next line (of `lineBytes`, request `id`) goes to: the current one, or a new one when it is full. */
  private shardWithRoomFor(lineBytes: number, id: string): AtomicJsonlWriter {
    if (lineBytes > this.limits.maxBytes) throw tooBig(id, lineBytes, this.limits.maxBytes)
    const current = this.current
    if (current === undefined || current.lines >= this.limits.maxRequests || current.bytes + lineBytes > this.limits.maxBytes) {
      this.current = new AtomicJsonlWriter(`${this.basePath}.part-${this.shards.length + 1}.jsonl`, this.spare)
      this.shards.push(this.current)
      return this.current
    }
    return current
  }

  get requests(): number {
    return this.shards.reduce((sum, shard) => sum + shard.lines, 0)
  }

  /** Moves every shard into place and returns them in order. */
  async commit(): Promise<WrittenShard[]> {
    const single = this.shards.length === 1
    const written: WrittenShard[] = []
    for (const [index, shard] of this.shards.entries()) {
      const file = single ? `${this.basePath}.jsonl` : `${this.basePath}.part-${String(index + 1).padStart(3, '0')}.jsonl`
      await shard.commit(file)
      written.push({file, requests: shard.lines, bytes: shard.bytes})
    }
    await this.ids.commit()
    return written
  }

  async abort(): Promise<void> {
    await Promise.all([...this.shards, this.ids].map((writer) => writer.abort()))
  }
}

/** Removes shard files of an earlier prepare that the new one did not overwrite. */
export async function removeStaleShards(previous: string[], current: string[]): Promise<void> {
  const keep = new Set(current)
  await Promise.all(previous.filter((file) => !keep.has(file)).map((file) => rm(file, {force: true})))
}

function tooBig(id: string, bytes: number, limit: number): UserError {
  return new UserError(`request "${id}" is ${bytes} bytes, over the vendor's limit of ${limit} bytes per batch: shrink its attachments`)
}
