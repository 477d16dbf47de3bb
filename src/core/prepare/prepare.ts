import {resolve} from 'node:path'

import type {Thinking} from './request.js'
import {serializeRequest, type SerializedLine} from './serialize-line.js'
import {stageBatch} from './stage-batch.js'
import {assertValidName, findManifest, type BatchManifest, type DatasetSource, type Split} from '../batch/manifest.js'
import {predictionBatchName} from '../batch/naming.js'
import {loadRiddleBlocks, type RiddleSource} from '../dataset/dataset.js'
import {buildPredictionRequest} from '../dataset/layton-prompt.js'
import type {Riddle} from '../dataset/riddle.js'
import {UserError} from '../errors.js'
import {loadFormat, type ProviderName} from '../../providers/index.js'
import type {LineFormat} from '../../providers/types.js'

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
 * Dataset -> canonical requests -> the vendor's JSONL shards + the batch manifest (stage-batch.ts).
 * Streams: memory stays flat whatever the dataset size. A bad line anywhere leaves nothing written.
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
  const staged = await stageBatch(
    {
      name,
      kind: 'prediction',
      provider: options.provider,
      model: options.model,
      dataset,
      hints: options.hints,
      settings: {max_tokens: options.maxTokens, thinking: options.thinking, limit: options.limit},
      maxBatchRequests: options.maxBatchRequests,
    },
    predictionLines(options, riddleSource(dataset), format),
    options.onProgress,
  )
  if (staged.requests === 0) {
    await staged.abort()
    throw new UserError(`no riddles of split "${options.split}" in the dataset: pick another --split, or check --dataset`)
  }
  return staged.commit()
}

/** Where to reload the riddles of a batch from: also how `jury` finds them again. */
export function riddleSource(dataset: DatasetSource): RiddleSource {
  return dataset.path === undefined ? {kind: 'hub', split: dataset.split} : {kind: 'file', path: dataset.path}
}

/**
 * Each riddle is turned into its line as soon as it is read, and the writer encodes the line at
 * once: one riddle's strings are alive at a time (see splitLineBlocks).
 */
async function* predictionLines(options: PrepareOptions, source: RiddleSource, format: LineFormat): AsyncGenerator<Iterable<SerializedLine>> {
  const prediction = {hints: options.hints, maxTokens: options.maxTokens, thinking: options.thinking}
  function* linesOf(riddles: Iterable<Riddle>): Generator<SerializedLine> {
    for (const riddle of riddles) yield serializeRequest(buildPredictionRequest(riddle, prediction), format, options.model)
  }
  for await (const riddles of loadRiddleBlocks(source, {split: options.split, limit: options.limit})) yield linesOf(riddles)
}

/** Refuses settings the vendor cannot take, before reading any data. */
export function checkSettings(format: LineFormat, options: Pick<PrepareOptions, 'maxTokens' | 'thinking'>): void {
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
