import {AnswersAppender, answeredIds} from './answers.js'
import {RunStopped, answerRequest, type ChatCallContext} from './chat-call.js'
import {endpointRecord, refuseCancelled, updateEndpointRecord, workerLockPath} from './endpoint-batch.js'
import {endpointKey, resolveEndpoint} from './endpoint-config.js'
import type {EndpointLine} from './format.js'
import {RequestPacer} from './request-pacer.js'
import {retryPolicy} from '../shared/retry-policy.js'
import {acquireLock, lockOwner} from '../../core/batch/lock.js'
import {readManifest, type BatchManifest} from '../../core/batch/manifest.js'
import {UserError} from '../../core/errors.js'
import {readLines} from '../../core/jsonl.js'

/** Where a run stands, after each answer. */
export interface WorkerProgress {
  total: number
  /** Answered before this run plus in it. */
  answered: number
}

export interface WorkerOptions {
  onAnswer?: (progress: WorkerProgress) => void
  /** Stops the run (cancel, SIGTERM, Ctrl-C): requests in flight are dropped and sent again on resume. */
  signal?: AbortSignal
}

export interface WorkerOutcome extends WorkerProgress {
  /** True when every request of the batch has an answer. */
  finished: boolean
  /** Requests this run sent. */
  sent: number
}

/**
 * Runs the requests of an endpoint batch that have no answer yet: at most `max_concurrency` at a
 * time, starts paced to `requests_per_minute`, each answer appended to the answers file as it
 * arrives. Holds the worker lock throughout, so two workers never run one batch. A stop for a
 * reason every request shares (a rejected key, an unreachable server) is recorded in the batch
 * record for `get`, and thrown.
 */
export async function runEndpointWorker(name: string, options: WorkerOptions = {}): Promise<WorkerOutcome> {
  const manifest = await readManifest(name)
  const record = endpointRecord(manifest)
  refuseCancelled(manifest)
  const endpoint = await resolveEndpoint(record.name)
  const key = endpointKey(endpoint)
  const release = await acquireLock(workerLockPath(name))
  if (release === undefined) {
    const owner = await lockOwner(workerLockPath(name))
    throw new UserError(`batch "${name}" is already running (worker pid ${owner ?? '?'}): follow it with \`bench get ${name}\``)
  }
  const controller = new AbortController()
  const stop = (): void => controller.abort()
  options.signal?.addEventListener('abort', stop)
  const context: ChatCallContext = {endpoint, key, pacer: new RequestPacer(endpoint.requests_per_minute), policy: retryPolicy(), signal: controller.signal}
  const progress: WorkerProgress = {total: manifest.requests, answered: 0}
  let appender: AnswersAppender | undefined
  let failure: Error | undefined
  let sent = 0
  try {
    const answered = await answeredIds(record.answers_file)
    progress.answered = answered.size
    appender = await AnswersAppender.open(record.answers_file)
    const writer = appender
    const inFlight = new Set<Promise<void>>()
    for await (const line of unanswered(manifest, answered)) {
      while (inFlight.size >= endpoint.max_concurrency) await Promise.race(inFlight)
      if (controller.signal.aborted) break
      sent += 1
      const request: Promise<void> = answerRequest(context, line)
        .then(async (answer) => {
          await writer.append(answer)
          progress.answered += 1
          options.onAnswer?.({...progress})
        })
        .catch((error: unknown) => {
          if (!(error instanceof RunStopped)) failure ??= error instanceof Error ? error : new Error(String(error))
          controller.abort()
        })
        .finally(() => inFlight.delete(request))
      inFlight.add(request)
    }
    await Promise.all(inFlight)
  } finally {
    options.signal?.removeEventListener('abort', stop)
    await appender?.close()
    await release()
  }
  if (failure !== undefined) {
    await recordStop(name, failure)
    throw failure
  }
  return {...progress, finished: progress.answered >= progress.total, sent}
}

/** The prepared lines whose id has no answer yet, in file order. */
async function* unanswered(manifest: BatchManifest, answered: ReadonlySet<string>): AsyncGenerator<EndpointLine> {
  for (const shard of manifest.shards) {
    for await (const {text} of readLines(shard.file)) {
      const line = JSON.parse(text) as EndpointLine
      if (!answered.has(line.custom_id)) yield line
    }
  }
}

/** Best effort: the reason goes to `get`; failing to record it must not hide the reason itself. */
async function recordStop(name: string, failure: Error): Promise<void> {
  await updateEndpointRecord(name, 'worker stopped', (record) => {
    record.stopped = {at: new Date().toISOString(), reason: failure.message}
  }).catch(() => undefined)
}
