import {join} from 'node:path'

import {idMapPath, writeIdMap} from './id-map.js'
import type {CanonicalRequest} from './request.js'
import {serializeRequest} from './serialize-line.js'
import {ShardedJsonlWriter, removeStaleShards} from './shards.js'
import {VendorIds} from './vendor-ids.js'
import {
  PROCESSED_DIR,
  assertValidName,
  findManifest,
  writeManifest,
  type BatchManifest,
} from '../batch/manifest.js'
import {requestFitter} from '../capabilities/request-fit.js'
import {loadFormat} from '../../providers/index.js'

/** Requests between two progress reports. */
const PROGRESS_EVERY = 5000

/** Everything the manifest of a batch says besides its shards: what the caller decides. */
export type BatchDescription = Pick<
  BatchManifest,
  | 'name'
  | 'kind'
  | 'provider'
  | 'model'
  | 'endpoint'
  | 'scenario'
  | 'arena'
  | 'benchmark'
  | 'dataset'
  | 'hints'
  | 'settings'
  | 'judge_of'
  | 'grading'
  | 'retry_of'
  | 'id_map_file'
  | 'notes'
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
 * Canonical requests -> the vendor's JSONL shards, staged. Shared by `prepare` (one batch) and
 * `jury` (three batches that must all be written or none): committing is left to the caller.
 * Each request is first fitted to what the model accepts (capabilities/request-fit.ts: adapted, or
 * refused in one line) and its id to what the vendor accepts (vendor-ids.ts), then written.
 * Requests come in blocks (one per read of the dataset): the hot loop pays an async hand-over per
 * block and per MiB written, not per request. Streams: memory stays flat whatever the number of
 * requests. On an error nothing is left behind.
 */
export async function stageBatch(
  description: BatchDescription,
  requests: AsyncIterable<Iterable<CanonicalRequest>> | Iterable<Iterable<CanonicalRequest>>,
  onProgress?: (requests: number) => void,
): Promise<StagedBatch> {
  assertValidName(description.name)
  const format = await loadFormat(description.provider, description.endpoint?.name)
  const limits = {
    maxRequests: Math.min(format.limits.maxRequests, description.maxBatchRequests ?? Number.POSITIVE_INFINITY),
    maxBytes: format.limits.maxBytes,
  }
  const fitter = requestFitter(description.provider, description.model)
  const ids = new VendorIds(description.provider)
  const writer = new ShardedJsonlWriter(join(PROCESSED_DIR, description.name), limits)
  let inputTokens = 0
  let reported = 0
  try {
    for await (const block of requests) {
      for (const request of block) {
        const fitted = fitter.fit(request)
        const vendorId = ids.vendorId(fitted.custom_id)
        const line = serializeRequest(vendorId === fitted.custom_id ? fitted : {...fitted, custom_id: vendorId}, format, description.model)
        const flushed = writer.writeLine(line.pieces, line.id, request.custom_id)
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
    commit: async () => {
      const idMapFile = await writeIdMap(idMapPath(description.name), description.provider, ids.originals)
      const notes = fitter.notes.length === 0 ? {} : {notes: [...fitter.notes]}
      return commitBatch({...description, ...(idMapFile !== undefined && {id_map_file: idMapFile}), ...notes}, writer, inputTokens)
    },
    abort: () => writer.abort(),
  }
}

/** One request at a time, for sources that make them one by one (jury, scenarios, arena). */
export async function* oneAtATime(requests: AsyncIterable<CanonicalRequest> | Iterable<CanonicalRequest>): AsyncGenerator<CanonicalRequest[]> {
  for await (const request of requests) yield [request]
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
    ...(description.id_map_file !== undefined && {id_map_file: description.id_map_file}),
    ...(description.notes !== undefined && {notes: description.notes}),
    created_at: now,
    state: 'prepared',
    ...(description.judge_of !== undefined && {judge_of: description.judge_of}),
    ...(description.grading !== undefined && {grading: description.grading}),
    ...(description.retry_of !== undefined && {retry_of: description.retry_of}),
    history: [{at: now, event: previous === undefined ? 'prepared' : 'prepared again (replaced)'}],
  }
  await writeManifest(manifest)
  return manifest
}
