import {readdir, rm} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

import {earlierAnswers, type KeptAnswer} from './earlier-answers.js'
import {neverRan, notReturned} from './request-fate.js'
import {batchRequests, RequestFinder} from './request-ids.js'
import {resultCodeOf} from './result-codes.js'
import type {ResultLine, Usage} from './result.js'
import {shardStatuses, submittedShards} from '../batch/batch-status.js'
import {checkpoint} from '../batch/checkpoint.js'
import {withLock} from '../batch/lock.js'
import {RESULTS_DIR, lockPath, readManifest, updateManifest, type AttemptCount, type BatchManifest} from '../batch/manifest.js'
import {TERMINAL_STATES, combineStatuses, type BatchStatus} from '../batch/status.js'
import {UserError} from '../errors.js'
import {AtomicJsonlWriter} from '../jsonl.js'
import {judgedBatch} from '../jury/judged-batch.js'
import {readIdMap} from '../prepare/id-map.js'
import {readChain} from '../retry/chain.js'
import {loadBatchClient, loadStatusReader} from '../../providers/index.js'
import type {BatchReader, RemoteShard} from '../../providers/types.js'

export interface ResultsSummary {
  name: string
  file: string
  total: number
  succeeded: number
  failed: number
  /** Failed requests by result code (`refusal`, `truncated`, `missing`...: result-codes.ts). */
  failures: Record<string, number>
  usage: Usage
  /** Lines the vendor returned for ids that were not in the batch (ignored). */
  unexpected: number
  /**
   * Successful answers kept from the earlier results file for requests that failed or came back
   * missing this time (counted in `succeeded`): a success on disk is never replaced by a failure.
   */
  kept: number
  /** For a retried batch: the answers each attempt supplied, first attempt first. */
  attempts?: AttemptCount[]
}

export interface CollectOptions {
  /** Told the lines written so far, of the batch's requests, after each downloaded chunk's worth. */
  onProgress?: (written: number, total: number) => void
  /** Rebuild the file from what the vendor returns now only: no answer kept from an earlier download. */
  fresh?: boolean
}

/** One submitted batch of a chain of attempts, with the status of each of its shards. */
interface Attempt {
  manifest: BatchManifest
  remotes: RemoteShard[]
  statuses: BatchStatus[]
  client: BatchReader
}

/**
 * Downloads every shard's output and error files and writes `results/<name>.jsonl`: exactly one
 * normalized line per request of the batch, whatever the vendor returned (a success wins over a
 * failure for the same id; a request it never returned becomes a failure). Written atomically.
 *
 * A batch with retries (`bench retry`) is merged with them: each request's newest successful
 * answer wins, else its newest failure, and every request of the first batch still appears once.
 * The results file already on disk counts as the oldest attempt: its successes stand where the
 * vendor now returns a failure or nothing (`fresh` drops them).
 */
export async function collectResults(name: string, options: CollectOptions = {}): Promise<ResultsSummary> {
  return withLock(lockPath(name), `batch "${name}"`, async () => {
    const manifest = await readManifest(name)
    if (manifest.retry_of !== undefined) {
      const root = manifest.retry_of.root
      throw new UserError(`batch "${name}" is attempt ${manifest.retry_of.attempt} of "${root}": run \`bench results ${root}\`, which merges every attempt`)
    }
    const chain = await readChain(manifest)
    const attempts = await Promise.all(chain.map((batch) => finishedAttempt(batch)))
    // Every attempt sends the first one's lines, so its map turns the vendor's ids back into the user's.
    const ids = await readIdMap(manifest.id_map_file)

    const file = join(RESULTS_DIR, `${name}.jsonl`)
    await removeAbandonedTemps(file)
    const writer = new AtomicJsonlWriter(file)
    const summary = newSummary(name, file)
    const supplied = chain.map(() => 0)
    const judged = judgedBatch(manifest)
    // Returns a promise only when the writer flushed to disk: awaited once per MiB, not per line.
    const accept = (line: ResultLine, attempt: number): Promise<void> | undefined => {
      count(summary, line)
      if (judged !== undefined) line.judge_of = judged
      if (line.ok) supplied[attempt]! += 1
      return writer.writeLine(JSON.stringify(ids === undefined ? line : {...line, custom_id: ids.original(line.custom_id)}))
    }
    // Failures wait until every attempt was read: an earlier download may hold their answer.
    const unanswered: {line: ResultLine; attempt: number}[] = []
    const take = (line: ResultLine, attempt: number): Promise<void> | undefined => {
      if (line.ok) return accept(line, attempt)
      unanswered.push({line, attempt})
      return undefined
    }
    const progress = (): void => options.onProgress?.(writer.lines, manifest.requests)
    try {
      if (attempts.length === 1) {
        for await (const lines of attemptLines(attempts[0]!, summary)) {
          for (const line of lines) {
            const flushed = take(line, 0)
            if (flushed !== undefined) await flushed
          }
          progress()
        }
      } else {
        await mergeAttempts(attempts, summary, take, progress)
      }
      // Only a file this batch's own `results` wrote (its record says so) is merged.
      const merge = options.fresh !== true && manifest.results !== undefined
      const earlier = merge ? await earlierAnswers(file, manifest, new Set(unanswered.map(({line}) => line.custom_id))) : new Map<string, KeptAnswer>()
      for (const {line, attempt} of unanswered) {
        const answer = earlier.get(line.custom_id)
        if (answer === undefined) await accept(line, attempt)
        else {
          count(summary, answer.line)
          await writer.writeLine(answer.text)
        }
      }
      summary.kept = earlier.size
      progress()
      await checkpoint('results:before-commit')
      await writer.commit()
    } catch (error) {
      await writer.abort()
      throw error
    }
    summary.total = summary.succeeded + summary.failed
    if (chain.length > 1) summary.attempts = chain.map((batch, index) => ({batch: batch.name, succeeded: supplied[index]!}))
    await updateManifest(name, 'results written', (stored) => {
      // `bench list` shows the last status seen; without this it would still say `submitted`.
      stored.last_status = combineStatuses(attempts[0]!.statuses)
      stored.results = {
        file,
        written_at: new Date().toISOString(),
        succeeded: summary.succeeded,
        failed: summary.failed,
        failures: summary.failures,
        ...(summary.attempts !== undefined && {attempts: summary.attempts}),
      }
    })
    return summary
  })
}

/** A submitted batch whose every shard has ended; refuses, with its state, one still running. */
async function finishedAttempt(manifest: BatchManifest): Promise<Attempt> {
  const remotes = submittedShards(manifest)
  const reader = await loadStatusReader(manifest)
  // The vendor's SDK loads (about 100 ms) while the status requests are on their way.
  const [statuses, client] = await Promise.all([shardStatuses(manifest, reader), loadBatchClient(manifest)])
  refuseUnfinished(manifest, statuses)
  return {manifest, remotes, statuses, client}
}

/**
 * Newest attempt first: a request's first success seen is its newest one. Failures wait until
 * every attempt was read, the newest kept; the first batch names every request, so each ends as
 * exactly one line. Memory: the ids written plus the failed lines, as for a single batch.
 */
async function mergeAttempts(
  attempts: Attempt[],
  summary: ResultsSummary,
  take: (line: ResultLine, attempt: number) => Promise<void> | undefined,
  progress: () => void,
): Promise<void> {
  const written = new Set<string>()
  const failures = new Map<string, {line: ResultLine; attempt: number}>()
  for (let attempt = attempts.length - 1; attempt >= 0; attempt -= 1) {
    for await (const lines of attemptLines(attempts[attempt]!, summary)) {
      for (const line of lines) {
        if (written.has(line.custom_id)) continue
        if (!line.ok) {
          if (!failures.has(line.custom_id)) failures.set(line.custom_id, {line, attempt})
          continue
        }
        failures.delete(line.custom_id)
        written.add(line.custom_id)
        const flushed = take(line, attempt)
        if (flushed !== undefined) await flushed
      }
      progress()
    }
  }
  // Failures are only queued (the caller writes them once it has looked for earlier answers): no promise comes back.
  for (const {line, attempt} of failures.values()) void take(line, attempt)
}

/**
 * Every request of one batch exactly once: successes as they stream in, then the failures (a
 * success wins over a failure for the same id), then the requests the vendor never returned.
 * Lines for ids not in the batch are counted in `summary.unexpected` and dropped.
 */
async function* attemptLines(attempt: Attempt, summary: ResultsSummary): AsyncGenerator<ResultLine[]> {
  const {manifest, remotes, statuses, client} = attempt
  const requests = await batchRequests(manifest)
  const finder = new RequestFinder(requests.ids)
  const returned = new Uint8Array(requests.ids.length)
  const failures = new Map<string, ResultLine>()
  const listsNotRun = remotes.map(() => false)
  for await (const {index, batch} of shardByShard(remotes.map((remote) => client.results(remote, manifest.model)))) {
    const succeeded: ResultLine[] = []
    for (const vendorLine of batch) {
      const position = finder.positionOf(vendorLine.custom_id)
      if (position === undefined) summary.unexpected += 1
      else if (returned[position] === 1) continue
      else if (vendorLine.ok) {
        if (failures.size > 0) failures.delete(vendorLine.custom_id)
        returned[position] = 1
        succeeded.push(vendorLine)
      } else {
        if (neverRan(vendorLine)) listsNotRun[index] = true
        if (!failures.has(vendorLine.custom_id)) failures.set(vendorLine.custom_id, vendorLine)
      }
    }
    if (succeeded.length > 0) yield succeeded
  }
  yield [...failures.values()]
  const missing: ResultLine[] = []
  for (let position = 0; position < requests.ids.length; position += 1) {
    if (returned[position] === 1) continue
    const id = requests.ids.at(position)
    if (failures.has(id)) continue
    const shard = requests.shards[position]!
    const error = notReturned(statuses[shard]!, listsNotRun[shard]!)
    missing.push({custom_id: id, ok: false, error, model: manifest.model, provider: manifest.provider})
  }
  yield missing
}

/**
 * The shards' results one shard after the other, each batch tagged with its shard. The next
 * shard's download starts as soon as the current one's is under way, so its request and the
 * vendor's time to the first byte overlap the reading of this one instead of following it.
 */
async function* shardByShard<T>(shards: AsyncIterable<T>[]): AsyncGenerator<{index: number; batch: T}> {
  const iterators = shards.map((shard) => shard[Symbol.asyncIterator]())
  let upcoming = iterators[0]?.next()
  let current = 0
  try {
    for (; current < iterators.length; current += 1) {
      let step = await upcoming!
      upcoming = iterators[current + 1]?.next()
      // Awaited in its turn; until then a failure must not count as unhandled.
      upcoming?.catch(() => {})
      while (step.done !== true) {
        yield {index: current, batch: step.value}
        step = await iterators[current]!.next()
      }
      await checkpoint('results:shard-read')
    }
  } finally {
    // Stopped early (an error): the shard already started must not keep its download open.
    void iterators[current + 1]?.return?.(undefined).catch(() => {})
  }
}

/**
 * A run killed before its commit leaves its temp file behind (`<file>.<pid>.<hex>.tmp`). Under
 * the batch lock no other process can be writing this batch's results, so any such file is junk.
 */
async function removeAbandonedTemps(file: string): Promise<void> {
  const pattern = new RegExp(`^${basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+\\.[0-9a-f]+\\.tmp$`)
  const entries = await readdir(dirname(file)).catch(() => [])
  await Promise.all(entries.filter((entry) => pattern.test(entry)).map((entry) => rm(join(dirname(file), entry), {force: true})))
}

function refuseUnfinished(manifest: BatchManifest, statuses: BatchStatus[]): void {
  const status = combineStatuses(statuses)
  if (statuses.every((shard) => TERMINAL_STATES.has(shard.state))) return
  const done = status.counts === null ? '' : `, ${status.counts.succeeded + status.counts.failed}/${status.counts.total} done`
  throw new UserError(
    `batch "${manifest.name}" is not finished: ${status.state} (${status.provider_status})${done}; wait (\`bench get ${manifest.name}\`) and try again`,
  )
}

function newSummary(name: string, file: string): ResultsSummary {
  return {name, file, total: 0, succeeded: 0, failed: 0, failures: {}, usage: {input: 0, output: 0, reasoning: 0, cached: 0}, unexpected: 0, kept: 0}
}

function count(summary: ResultsSummary, line: ResultLine): void {
  if (line.ok) summary.succeeded += 1
  else {
    summary.failed += 1
    const code = resultCodeOf(line.error)
    summary.failures[code] = (summary.failures[code] ?? 0) + 1
  }
  if (line.usage !== undefined) {
    summary.usage.input += line.usage.input
    summary.usage.output += line.usage.output
    summary.usage.reasoning += line.usage.reasoning
    summary.usage.cached += line.usage.cached
  }
}
