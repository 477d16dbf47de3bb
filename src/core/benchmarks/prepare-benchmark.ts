import {resolve} from 'node:path'

import {answerKeyPath, stageAnswerKey} from './answer-key.js'
import type {BenchmarkItem} from './benchmark.js'
import {loadBenchmark} from './registry.js'
import {assertValidName, findManifest, type BatchManifest} from '../batch/manifest.js'
import {sanitizeModel} from '../batch/naming.js'
import {UserError} from '../errors.js'
import {checkSettings} from '../prepare/prepare.js'
import type {CanonicalRequest, Thinking} from '../prepare/request.js'
import {serializeRequest, type SerializedLine} from '../prepare/serialize-line.js'
import {stageBatch} from '../prepare/stage-batch.js'
import {loadFormat, type ProviderName} from '../../providers/index.js'
import type {LineFormat} from '../../providers/types.js'

export interface BenchmarkPrepareOptions {
  benchmark: string
  provider: ProviderName
  model: string
  /** A local file or folder in the benchmark's original format; without it, the Hub. */
  datasetPath?: string
  /** The split --shots draws from, as a local file or folder (with datasetPath). */
  shotsPath?: string
  shots: number
  subjects?: string[]
  /** Only the first N questions (after --subjects). */
  limit?: number
  seed: number
  maxTokens?: number
  thinking?: Thinking
  name?: string
  maxBatchRequests?: number
  onProgress?: (requests: number) => void
}

/** Questions per block handed to the shard writer: one async hand-over per block, not per line. */
const BLOCK = 1000

/**
 * A benchmark's questions -> canonical requests -> the vendor's JSONL shards, with the answer key
 * beside them and the batch record naming both. Every row is checked before anything is written;
 * a bad one leaves nothing behind.
 */
export async function prepareBenchmarkBatch(options: BenchmarkPrepareOptions): Promise<BatchManifest> {
  const benchmark = await loadBenchmark(options.benchmark)
  const format = await loadFormat(options.provider)
  checkSettings(format, options)
  if (options.shots > 0 && benchmark.shotsFrom === undefined) throw new UserError(`${benchmark.name} has no split to draw worked examples from: drop --shots`)
  if (options.shotsPath !== undefined && options.shots === 0) throw new UserError('--shots-dataset gives the examples of --shots: pass --shots K too')
  const name = options.name ?? benchmarkBatchName(options)
  assertValidName(name)
  const previous = await findManifest(name)
  if (previous !== undefined && previous.state !== 'prepared') {
    throw new UserError(`batch "${name}" was already submitted; see it with \`bench get ${name}\`, or prepare a new one with --name`)
  }

  const datasetPath = options.datasetPath === undefined ? undefined : resolve(options.datasetPath)
  const shotsPath = options.shotsPath === undefined ? undefined : resolve(options.shotsPath)
  const loaded = await benchmark.load({datasetPath, shotsPath, shots: options.shots, subjects: options.subjects, seed: options.seed})
  const items = options.limit === undefined ? loaded.items : loaded.items.slice(0, options.limit)
  if (items.length === 0) throw new UserError(`no ${benchmark.name} questions to ask: check --subjects and --dataset`)
  refuseRepeatedIds(items)

  const key = await stageAnswerKey(answerKeyPath(name), items)
  try {
    const staged = await stageBatch(
      {
        name,
        kind: 'prediction',
        provider: options.provider,
        model: options.model,
        dataset: {source: 'benchmark', ...(datasetPath !== undefined && {path: datasetPath}), split: 'full'},
        benchmark: {
          name: benchmark.name,
          key_file: answerKeyPath(name),
          shots: options.shots,
          seed: options.seed,
          ...(options.subjects !== undefined && {subjects: options.subjects}),
          files: loaded.files,
        },
        hints: 0,
        settings: {max_tokens: options.maxTokens, thinking: options.thinking, limit: options.limit},
        maxBatchRequests: options.maxBatchRequests,
      },
      requestLines(items, options, format),
      options.onProgress,
    )
    await key.commit()
    return await staged.commit()
  } catch (error) {
    await key.abort()
    throw error
  }
}

/** `<benchmark>_<provider>_<model>[_shots_<k>][_thinking_<x>]`. */
export function benchmarkBatchName(options: Pick<BenchmarkPrepareOptions, 'benchmark' | 'provider' | 'model' | 'shots' | 'thinking'>): string {
  const parts = [options.benchmark, options.provider, sanitizeModel(options.model)]
  if (options.shots > 0) parts.push('shots', String(options.shots))
  if (options.thinking !== undefined) parts.push('thinking', 'level' in options.thinking ? options.thinking.level : String(options.thinking.budget))
  return parts.join('_')
}

function* requestLines(items: readonly BenchmarkItem[], options: BenchmarkPrepareOptions, format: LineFormat): Generator<Iterable<SerializedLine>> {
  const settings = {
    ...(options.maxTokens !== undefined && {max_tokens: options.maxTokens}),
    ...(options.thinking !== undefined && {thinking: options.thinking}),
  }
  function* block(from: number): Generator<SerializedLine> {
    for (const item of items.slice(from, from + BLOCK)) {
      const request: CanonicalRequest = {
        custom_id: item.id,
        ...(item.system !== undefined && {system: item.system}),
        parts: [{type: 'text', text: item.text}],
        ...(item.schema !== undefined && {schema: item.schema}),
        ...settings,
      }
      yield serializeRequest(request, format, options.model)
    }
  }
  for (let from = 0; from < items.length; from += BLOCK) yield block(from)
}

function refuseRepeatedIds(items: readonly BenchmarkItem[]): void {
  const seen = new Map<string, number>()
  items.forEach((item, index) => {
    const first = seen.get(item.id)
    if (first !== undefined) throw new UserError(`questions ${first + 1} and ${index + 1} of the dataset share the id "${item.id}": each question needs its own`)
    seen.set(item.id, index)
  })
}
