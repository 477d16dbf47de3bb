import {join} from 'node:path'

import type {CanonicalRequest} from './request.js'
import {serializeRequest, type SerializedLine} from './serialize-line.js'
import {ShardedJsonlWriter, removeStaleShards} from './shards.js'
import {
  PROCESSED_DIR,
  assertValidName,
  findManifest,
  writeManifest,
  type BatchManifest,
} from '../batch/manifest.js'
import {loadFormat} from '../../providers/index.js'
import type {LineFormat} from '../../providers/types.js'

/** Requests between two progress reports. */
const PROGRESS_EVERY = 5000

/** Everything the manifest of a batch says besides its shards: what the caller decides. */
export type BatchDescription = Pick<
  BatchManifest,
  'name' | 'kind' | 'provider' | 'model' | 'endpoint' | 'scenario' | 'arena' | 'benchmark' | 'dataset' | 'hints' | 'settings' | 'judge_of' | 'retry_of'
> & {
  /** Caps requests per shard below the vendor's own limit (smaller batches finish sooner). */
  maxBatchRequests?: number
}

/** A batch written under temporary names: invisible until `commit`, gone after `abort`. */
export interface StagedBatch {
  readonly requests: number
  /** Moves the shards into place, removes those of an earlier preparation, writes the manifest. */
  commit(): Promise<BatchManifest>
  abort(): Promise<void>
}

/**
 * Request lines -> the vendor's JSONL shards, staged. Shared by `prepare` (one batch) and `jury`
 * (three batches that must all be written or none): committing is left to the caller. Lines come
 * in blocks (one per read of the dataset): the hot loop pays an async hand-over per block and per
 * MiB written, not per line. Streams: memory stays flat whatever the number of requests. On an
 * error nothing is left behind.
 */
export async function stageBatch(
  description: BatchDescription,
  lines: AsyncIterable<Iterable<SerializedLine>> | Iterable<Iterable<SerializedLine>>,
  onProgress?: (requests: number) => void,
): Promise<StagedBatch> {
  assertValidName(description.name)
  const format = await loadFormat(description.provider, description.endpoint?.name)
  const limits = {
    maxRequests: Math.min(format.limits.maxRequests, description.maxBatchRequests ?? Number.POSITIVE_INFINITY),
    maxBytes: format.limits.maxBytes,
  }
  const writer = new ShardedJsonlWriter(join(PROCESSED_DIR, description.name), limits)
  let inputTokens = 0
  let reported = 0
  try {
    for await (const block of lines) {
      for (const line of block) {
        const flushed = writer.writeLine(line.pieces, line.id)
        if (flushed !== undefined) await flushed
        inputTokens += line.tokens
      }
      if (onProgress !== undefined && writer.requests - reported >= PROGRESS_EVERY) onProgress((reported = writer.requests))
    }
  } catch (error) {
    await writer.abort()
    throw error
  }
  return {
    requests: writer.requests,
    commit: () => commitBatch(description, writer, inputTokens),
    abort: () => writer.abort(),
  }
}

/** Canonical requests -> lines in the vendor's format, one request at a time (jury, scenarios). */
export async function* stagedLines(requests: AsyncIterable<CanonicalRequest> | Iterable<CanonicalRequest>, format: LineFormat, model: string): AsyncGenerator<SerializedLine[]> {
  for await (const request of requests) yield [serializeRequest(request, format, model)]
}

/** Moves a writer's shards into place and writes the batch's manifest: also how `retry` commits the lines it copied. */
export async function commitBatch(description: BatchDescription, writer: ShardedJsonlWriter, inputTokens: number | undefined): Promise<BatchManifest> {
  const previous = await findManifest(description.name)
  const shards = await writer.commit()
  if (previous !== undefined) {
    await removeStaleShards(
      previous.shards.map((shard) => shard.file),
      shards.map((shard) => shard.file),
    )
  }
  const now = new Date().toISOString()
  const manifest: BatchManifest = {
    version: 1,
    name: description.name,
    kind: description.kind,
    provider: description.provider,
    model: description.model,
    ...(description.endpoint !== undefined && {endpoint: description.endpoint}),
    ...(description.scenario !== undefined && {scenario: description.scenario}),
    ...(description.arena !== undefined && {arena: description.arena}),
    ...(description.benchmark !== undefined && {benchmark: description.benchmark}),
    dataset: description.dataset,
    hints: description.hints,
    settings: description.settings,
    requests: shards.reduce((sum, shard) => sum + shard.requests, 0),
    bytes: shards.reduce((sum, shard) => sum + shard.bytes, 0),
    input_tokens_estimate: inputTokens,
    shards: shards.map((shard) => ({file: shard.file, requests: shard.requests, bytes: shard.bytes})),
    ids_file: writer.idsFile,
    created_at: now,
    state: 'prepared',
    ...(description.judge_of !== undefined && {judge_of: description.judge_of}),
    ...(description.retry_of !== undefined && {retry_of: description.retry_of}),
    history: [{at: now, event: previous === undefined ? 'prepared' : 'prepared again (replaced)'}],
  }
  await writeManifest(manifest)
  return manifest
}
