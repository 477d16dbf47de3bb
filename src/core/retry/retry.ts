import {join} from 'node:path'

import {serializeRetryLine} from './raise-max-tokens.js'
import {withLock} from '../batch/lock.js'
import {PROCESSED_DIR, findManifest, lockPath, readManifest, updateManifest, type BatchManifest, type RetryOf} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {readJsonl, readLineBatches} from '../jsonl.js'
import {ShardedJsonlWriter} from '../prepare/shards.js'
import {commitBatch} from '../prepare/stage-batch.js'
import {collectResults, type ResultsSummary} from '../results/collect-results.js'
import {requestIds, shardLineId} from '../results/request-ids.js'
import {RESULT_CODE_INFO, resultCodeOf, type ResultCode} from '../results/result-codes.js'
import type {ResultLine} from '../results/result.js'
import {loadFormat} from '../../providers/index.js'
import {answersPath} from '../../providers/openai-compatible/answers.js'

export interface RetryOptions {
  /** The batch whose unfinished requests to resubmit: a first batch or one of its retries. */
  name: string
  /** Only the requests that ended with these codes (default: every code). */
  only?: readonly ResultCode[]
  /** Also resubmit requests whose fate is permanent: refused, blocked, invalid. */
  includePermanent?: boolean
  /** The token limit for the truncated requests resubmitted: their copied lines carry this one instead. */
  maxTokens?: number
}

/** Unfinished requests a retry leaves alone, grouped by why. */
export interface LeftRequests {
  code: ResultCode
  count: number
  /** `permanent`: the same request gets the same answer; `not chosen`: its code was not in `--only`. */
  reason: 'permanent' | 'not chosen'
}

export interface RetryOutcome {
  /** The first batch of the chain: `bench results <root>` merges every attempt. */
  root: string
  /** The chain's merged results before this retry; absent when an interrupted retry was resumed. */
  results?: ResultsSummary
  /** The retry batch, prepared and linked; undefined when no request was left to retry. */
  batch?: BatchManifest
  /** True when the batch is one an earlier `bench retry` prepared and nobody submitted yet. */
  resumed: boolean
  /** Requests put in the batch, by result code. */
  picked: Partial<Record<ResultCode, number>>
  left: LeftRequests[]
  /** Set when `maxTokens` rewrote the token limit of the truncated requests resubmitted. */
  raised?: {max_tokens: number; requests: number}
}

/**
 * Builds a batch of the requests of `name` that did not succeed and links it to the chain of its
 * first batch. The lines are the prepared shard lines of those requests, copied byte for byte,
 * written through the same sharded writer as `prepare`. Safe after a crash: an attempt already
 * prepared but never submitted is handed back instead of making another.
 */
export async function retryBatch(options: RetryOptions): Promise<RetryOutcome> {
  const target = await readManifest(options.name)
  const root = target.retry_of?.root ?? target.name
  const picked: Partial<Record<ResultCode, number>> = {}
  if (options.maxTokens !== undefined) refuseLowerLimit(target, options.maxTokens)

  const pending = await unsubmittedAttempt(await readManifest(root))
  if (pending !== undefined) return {root, batch: pending, resumed: true, picked, left: []}

  const results = await collectResults(root)
  // A retry of a retry picks among that retry's requests only; the merge says which still failed.
  const scope = target.retry_of === undefined ? undefined : await requestIds(target)
  const {ids, truncated, left} = await pickRequests(results.file, scope, options, picked)
  if (ids.size === 0) return {root, results, resumed: false, picked, left}
  const raise = options.maxTokens === undefined ? undefined : {maxTokens: options.maxTokens, ids: truncated}

  const batch = await withLock(lockPath(root), `batch "${root}"`, async () => {
    const first = await readManifest(root)
    const attempt = 2 + (first.attempts?.length ?? 0)
    const manifest = await writeRetryBatch(first, ids, {root, batch: target.name, attempt}, raise)
    await updateManifest(root, `attempt ${attempt} linked: ${manifest.name}`, (stored) => {
      stored.attempts = [...(stored.attempts ?? []), manifest.name]
    })
    return manifest
  })
  const raised = raise === undefined ? undefined : {max_tokens: raise.maxTokens, requests: raise.ids.size}
  return {root, results, batch, resumed: false, picked, left, ...(raised !== undefined && {raised})}
}

/** `--max-tokens` raises the limit the answers were cut off at; a lower or equal one would cut them again. */
function refuseLowerLimit(target: BatchManifest, maxTokens: number): void {
  const limit = target.settings.max_tokens
  if (limit !== undefined && maxTokens <= limit) {
    throw new UserError(`--max-tokens ${maxTokens} does not raise the limit of "${target.name}" (${limit} tokens), at which its answers were cut off: pass a number above ${limit}`)
  }
}

/** The newest attempt of a chain when it was prepared but not (fully) submitted: a crashed or un-`--start`ed retry. */
async function unsubmittedAttempt(root: BatchManifest): Promise<BatchManifest | undefined> {
  const newest = root.attempts?.at(-1)
  if (newest === undefined) return undefined
  const manifest = await readManifest(newest)
  return manifest.state === 'submitted' ? undefined : manifest
}

async function pickRequests(
  resultsFile: string,
  scope: ReadonlySet<string> | undefined,
  options: RetryOptions,
  picked: Partial<Record<ResultCode, number>>,
): Promise<{ids: Set<string>; truncated: Set<string>; left: LeftRequests[]}> {
  const ids = new Set<string>()
  const truncated = new Set<string>()
  const left = new Map<string, LeftRequests>()
  const leave = (code: ResultCode, reason: LeftRequests['reason']) => {
    const key = `${reason}\u0000${code}`
    const entry = left.get(key) ?? {code, count: 0, reason}
    entry.count += 1
    left.set(key, entry)
  }
  for await (const {value: line} of readJsonl<ResultLine>(resultsFile)) {
    if (line.ok || (scope !== undefined && !scope.has(line.custom_id))) continue
    const code = resultCodeOf(line.error)
    if (options.only !== undefined && !options.only.includes(code)) leave(code, 'not chosen')
    else if (RESULT_CODE_INFO[code].resubmission === 'permanent' && options.includePermanent !== true) leave(code, 'permanent')
    else {
      ids.add(line.custom_id)
      if (code === 'truncated') truncated.add(line.custom_id)
      picked[code] = (picked[code] ?? 0) + 1
    }
  }
  return {ids, truncated, left: [...left.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))}
}

/** The truncated requests whose copied lines get a higher token limit (`--max-tokens`). */
interface RaisedLimit {
  maxTokens: number
  ids: ReadonlySet<string>
}

/**
 * Copies the first batch's shard lines of `ids` into `<root>_retry_<n>` and writes its record.
 * Shards are capped at the first batch's own shard size, so a `--max-batch-requests` choice holds.
 * The lines are copied byte for byte, but for those `raise` names, whose token limit is rewritten.
 */
async function writeRetryBatch(first: BatchManifest, ids: ReadonlySet<string>, retryOf: RetryOf, raise?: RaisedLimit): Promise<BatchManifest> {
  const name = `${first.name}_retry_${retryOf.attempt - 1}`
  const existing = await findManifest(name)
  if (existing !== undefined && (existing.state !== 'prepared' || existing.retry_of?.root !== first.name)) {
    throw new UserError(`a batch named "${name}" already exists and is not a retry waiting to start: rename or remove processed_files/${name}.*`)
  }
  const format = await loadFormat(first.provider, first.endpoint?.name)
  const largestShard = Math.max(...first.shards.map((shard) => shard.requests))
  const writer = new ShardedJsonlWriter(join(PROCESSED_DIR, name), {maxRequests: Math.min(format.limits.maxRequests, largestShard), maxBytes: format.limits.maxBytes})
  try {
    for (const shard of first.shards) {
      for await (const lines of readPreparedLines(shard.file)) {
        for (const {line, text} of lines) {
          const id = shardLineId(text, shard.file, line)
          if (id === undefined || !ids.has(id)) continue
          const copied = raise?.ids.has(id) === true ? serializeRetryLine(format, text, raise.maxTokens) : text
          const flushed = writer.writeLine([copied], id)
          if (flushed !== undefined) await flushed
        }
      }
    }
  } catch (error) {
    await writer.abort()
    throw error
  }
  // Priced like the first batch: its estimate spread evenly over its requests.
  const estimate = first.input_tokens_estimate
  const inputTokens = estimate === undefined ? undefined : Math.ceil((estimate * writer.requests) / Math.max(1, first.requests))
  return commitBatch(
    {
      name,
      kind: first.kind,
      provider: first.provider,
      model: first.model,
      // An endpoint batch's retry is run by bench's worker too, into answers of its own.
      ...(first.endpoint !== undefined && {endpoint: {name: first.endpoint.name, answers_file: answersPath(name)}}),
      ...(first.scenario !== undefined && {scenario: first.scenario}),
      dataset: first.dataset,
      hints: first.hints,
      // The raised limit bounds the retry's cost estimate; the other lines keep their own.
      settings: raise === undefined || raise.ids.size === 0 ? first.settings : {...first.settings, max_tokens: Math.max(raise.maxTokens, first.settings.max_tokens ?? 0)},
      retry_of: retryOf,
    },
    writer,
    inputTokens,
  )
}

async function* readPreparedLines(file: string): AsyncGenerator<{line: number; text: string}[]> {
  try {
    yield* readLineBatches(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    throw new UserError(`${file} is gone: bench retry copies the original requests from the prepared batch file; restore it, or prepare the batch again`)
  }
}
