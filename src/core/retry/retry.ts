import {join} from 'node:path'

import {FAILURE_KINDS, failureKind, permanentCause, type FailureKind, type PermanentCause} from './reasons.js'
import {withLock} from '../batch/lock.js'
import {PROCESSED_DIR, findManifest, lockPath, readManifest, updateManifest, type BatchManifest, type RetryOf} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {readJsonl, readLineBatches} from '../jsonl.js'
import {readIdMap, type IdMap} from '../prepare/id-map.js'
import {ShardedJsonlWriter} from '../prepare/shards.js'
import {commitBatch} from '../prepare/stage-batch.js'
import {collectResults, type ResultsSummary} from '../results/collect-results.js'
import {requestIds, shardLineId} from '../results/request-ids.js'
import type {ResultLine} from '../results/result.js'
import {loadFormat} from '../../providers/index.js'

export interface RetryOptions {
  /** The batch whose unfinished requests to resubmit: a first batch or one of its retries. */
  name: string
  /** Only these kinds of failure (default: all). */
  only?: readonly FailureKind[]
  /** Also resubmit requests the vendor refused as invalid or for their content. */
  includePermanent?: boolean
}

/** Unfinished requests a retry leaves alone, grouped by why. */
export interface LeftRequests {
  /** The error code, as in the results file. */
  code: string
  count: number
  /** `permanent`: retrying cannot fix it (see `cause`); `not chosen`: its kind was not in `--only`. */
  reason: 'permanent' | 'not chosen'
  cause?: PermanentCause
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
  /** Requests put in the batch, by kind of failure. */
  picked: Record<FailureKind, number>
  left: LeftRequests[]
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
  const picked = Object.fromEntries(FAILURE_KINDS.map((kind) => [kind, 0])) as Record<FailureKind, number>

  const pending = await unsubmittedAttempt(await readManifest(root))
  if (pending !== undefined) return {root, batch: pending, resumed: true, picked, left: []}

  const results = await collectResults(root)
  // A retry of a retry picks among that retry's requests only; the merge says which still failed.
  const scope = target.retry_of === undefined ? undefined : await requestIds(target)
  const {ids, left} = await pickRequests(results.file, await readIdMap(target.id_map_file), scope, options, picked)
  if (ids.size === 0) return {root, results, resumed: false, picked, left}

  const batch = await withLock(lockPath(root), `batch "${root}"`, async () => {
    const first = await readManifest(root)
    const attempt = 2 + (first.attempts?.length ?? 0)
    const manifest = await writeRetryBatch(first, ids, {root, batch: target.name, attempt})
    await updateManifest(root, `attempt ${attempt} linked: ${manifest.name}`, (stored) => {
      stored.attempts = [...(stored.attempts ?? []), manifest.name]
    })
    return manifest
  })
  return {root, results, batch, resumed: false, picked, left}
}

/** The newest attempt of a chain when it was prepared but not (fully) submitted: a crashed or un-`--start`ed retry. */
async function unsubmittedAttempt(root: BatchManifest): Promise<BatchManifest | undefined> {
  const newest = root.attempts?.at(-1)
  if (newest === undefined) return undefined
  const manifest = await readManifest(newest)
  return manifest.state === 'submitted' ? undefined : manifest
}

/** Picks by the user's ids (the results file's) and returns the vendor's (the shard lines'). */
async function pickRequests(
  resultsFile: string,
  idMap: IdMap | undefined,
  scope: ReadonlySet<string> | undefined,
  options: RetryOptions,
  picked: Record<FailureKind, number>,
): Promise<{ids: Set<string>; left: LeftRequests[]}> {
  const ids = new Set<string>()
  const left = new Map<string, LeftRequests>()
  const leave = (code: string, reason: LeftRequests['reason'], cause?: PermanentCause) => {
    const key = `${reason}\u0000${code}`
    const entry = left.get(key) ?? {code, count: 0, reason, ...(cause !== undefined && {cause})}
    entry.count += 1
    left.set(key, entry)
  }
  for await (const {value: line} of readJsonl<ResultLine>(resultsFile)) {
    const id = idMap === undefined ? line.custom_id : idMap.vendorId(line.custom_id)
    if (line.ok || (scope !== undefined && !scope.has(id))) continue
    const kind = failureKind(line.error)
    const code = line.error?.code ?? kind
    const cause = permanentCause(line.error)
    if (options.only !== undefined && !options.only.includes(kind)) leave(code, 'not chosen')
    else if (cause !== undefined && options.includePermanent !== true) leave(code, 'permanent', cause)
    else {
      ids.add(id)
      picked[kind] += 1
    }
  }
  return {ids, left: [...left.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))}
}

/**
 * Copies the first batch's shard lines of `ids` into `<root>_retry_<n>` and writes its record.
 * Shards are capped at the first batch's own shard size, so a `--max-batch-requests` choice holds.
 */
async function writeRetryBatch(first: BatchManifest, ids: ReadonlySet<string>, retryOf: RetryOf): Promise<BatchManifest> {
  const name = `${first.name}_retry_${retryOf.attempt - 1}`
  const existing = await findManifest(name)
  if (existing !== undefined && (existing.state !== 'prepared' || existing.retry_of?.root !== first.name)) {
    throw new UserError(`a batch named "${name}" already exists and is not a retry waiting to start: rename or remove processed_files/${name}.*`)
  }
  const format = await loadFormat(first.provider)
  const largestShard = Math.max(...first.shards.map((shard) => shard.requests))
  const writer = new ShardedJsonlWriter(join(PROCESSED_DIR, name), {maxRequests: Math.min(format.limits.maxRequests, largestShard), maxBytes: format.limits.maxBytes})
  try {
    for (const shard of first.shards) {
      for await (const lines of readPreparedLines(shard.file)) {
        for (const {line, text} of lines) {
          const id = shardLineId(text, shard.file, line)
          if (id === undefined || !ids.has(id)) continue
          const flushed = writer.writeLine([text], id)
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
      dataset: first.dataset,
      hints: first.hints,
      settings: first.settings,
      retry_of: retryOf,
      ...(first.id_map_file !== undefined && {id_map_file: first.id_map_file}),
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
