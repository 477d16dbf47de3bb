import {resolve, join} from 'node:path'

import {UserError} from './errors.js'
import {buildPredictionRequest} from './layton-prompt.js'
import {loadRiddles, type RiddleSource} from './dataset.js'
import {
  PROCESSED_DIR,
  assertValidName,
  findManifest,
  writeManifest,
  type BatchManifest,
  type DatasetSource,
  type Split,
} from './manifest.js'
import {predictionBatchName} from './naming.js'
import type {Thinking} from './request.js'
import {ShardedJsonlWriter, removeStaleShards} from './shards.js'
import {loadFormat, type ProviderName} from '../providers/index.js'
import type {LineFormat} from '../providers/types.js'

export interface PrepareOptions {
  provider: ProviderName
  model: string
  split: Split
  hints: number
  /** A local dataset file; without it the Layton dataset comes from the Hub cache. */
  datasetPath?: string
  maxTokens?: number
  thinking?: Thinking
  limit?: number
  name?: string
  /** Caps requests per shard below the vendor's own limit (smaller batches finish sooner). */
  maxBatchRequests?: number
  /** Called every few thousand requests, for a progress line. */
  onProgress?: (requests: number) => void
}

/**
 * Dataset -> canonical requests -> the vendor's JSONL shards + the batch manifest. Streams: memory
 * stays flat whatever the dataset size. A bad line anywhere leaves nothing written.
 */
export async function prepareBatch(options: PrepareOptions): Promise<BatchManifest> {
  const format = await loadFormat(options.provider)
  checkSettings(format, options)
  const name = options.name ?? predictionBatchName(options)
  assertValidName(name)

  const previous = await findManifest(name)
  if (previous !== undefined && previous.state !== 'prepared') {
    throw new UserError(
      `batch "${name}" was already submitted; see it with \`bench get ${name}\`, or prepare a new one with --name`,
    )
  }

  const dataset: DatasetSource =
    options.datasetPath === undefined
      ? {source: 'hub', split: options.split}
      : {source: 'file', path: resolve(options.datasetPath), split: options.split}
  const riddleSource: RiddleSource =
    dataset.path === undefined ? {kind: 'hub', split: options.split} : {kind: 'file', path: dataset.path}

  const limits = {
    maxRequests: Math.min(format.limits.maxRequests, options.maxBatchRequests ?? Number.POSITIVE_INFINITY),
    maxBytes: format.limits.maxBytes,
  }
  const writer = new ShardedJsonlWriter(join(PROCESSED_DIR, name), limits)
  try {
    for await (const riddle of loadRiddles(riddleSource, {split: options.split, limit: options.limit})) {
      const request = buildPredictionRequest(riddle, {
        hints: options.hints,
        maxTokens: options.maxTokens,
        thinking: options.thinking,
      })
      const flushed = writer.writeLine(JSON.stringify(format.toLine(request, options.model)), request.custom_id)
      if (flushed !== undefined) await flushed
      if (options.onProgress !== undefined && writer.requests % 5000 === 0) options.onProgress(writer.requests)
    }
    if (writer.requests === 0) {
      throw new UserError(`no riddles of split "${options.split}" in the dataset: pick another --split, or check --dataset`)
    }
  } catch (error) {
    await writer.abort()
    throw error
  }
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
    name,
    kind: 'prediction',
    provider: options.provider,
    model: options.model,
    dataset,
    hints: options.hints,
    settings: {max_tokens: options.maxTokens, thinking: options.thinking, limit: options.limit},
    requests: shards.reduce((sum, shard) => sum + shard.requests, 0),
    bytes: shards.reduce((sum, shard) => sum + shard.bytes, 0),
    shards: shards.map((shard) => ({file: shard.file, requests: shard.requests, bytes: shard.bytes})),
    created_at: now,
    state: 'prepared',
    history: [{at: now, event: previous === undefined ? 'prepared' : 'prepared again (replaced)'}],
  }
  await writeManifest(manifest)
  return manifest
}

/** Refuses settings the vendor cannot take, before reading any data. */
function checkSettings(format: LineFormat, options: PrepareOptions): void {
  if (format.requiresMaxTokens && options.maxTokens === undefined) {
    throw new UserError(`${format.provider} requires a token limit on every request: pass --max-tokens (e.g. --max-tokens 16000)`)
  }
  const thinking = options.thinking
  if (thinking === undefined) return
  if ('level' in thinking && !format.thinking.level) {
    throw new UserError(
      format.thinking.budget
        ? `${format.provider} takes a thinking budget, not a level: use --thinking-budget N instead of --thinking-level`
        : `${format.provider} takes no thinking setting: drop --thinking-level`,
    )
  }
  if ('budget' in thinking && !format.thinking.budget) {
    throw new UserError(
      format.thinking.level
        ? `${format.provider} takes a thinking level, not a budget: use --thinking-level low|medium|high instead of --thinking-budget`
        : `${format.provider} takes no thinking setting: drop --thinking-budget`,
    )
  }
}
