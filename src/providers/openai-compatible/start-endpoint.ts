import {answeredIds} from './answers.js'
import {endpointRecord, refuseCancelled} from './endpoint-batch.js'
import {runEndpointWorker, type WorkerProgress} from './run-worker.js'
import {launchWorker} from './worker-process.js'
import {withLock} from '../../core/batch/lock.js'
import {lockPath, readManifest, updateManifest, type BatchManifest} from '../../core/batch/manifest.js'

export interface EndpointStartOptions {
  /** Run the worker in this process until every request is answered (`start --wait`). */
  wait: boolean
  onAnswer?: (progress: WorkerProgress) => void
  /** Stops a foreground run (Ctrl-C). */
  signal?: AbortSignal
}

/** What `start` did with an endpoint batch's worker. */
export interface WorkerStart {
  endpoint: string
  /** `detached`: a background process, pid given; `foreground`: ran in this command. */
  mode: 'detached' | 'foreground'
  pid: number
  /** Answers written by earlier runs, which this run did not send again. */
  answered_before: number
  /** Answers when the command returned. */
  answered: number
}

export interface EndpointStartOutcome {
  manifest: BatchManifest
  worker: WorkerStart
}

/**
 * `bench start` for an endpoint batch: marks it submitted and runs its worker, detached or here.
 * Safe to re-run at any time: the worker skips the requests already answered, and refuses to run
 * beside another worker of the same batch.
 */
export async function startEndpointBatch(name: string, options: EndpointStartOptions): Promise<EndpointStartOutcome> {
  const started = await markStarted(name)
  const record = endpointRecord(started)
  const before = (await answeredIds(record.answers_file)).size
  const worker = {endpoint: record.name, answered_before: before}
  if (!options.wait) {
    const pid = await launchWorker(name)
    return {manifest: await readManifest(name), worker: {...worker, mode: 'detached', pid, answered: before}}
  }
  const outcome = await runEndpointWorker(name, {onAnswer: options.onAnswer, signal: options.signal})
  return {manifest: await readManifest(name), worker: {...worker, mode: 'foreground', pid: process.pid, answered: outcome.answered}}
}

/** A started endpoint batch is `submitted` like a vendor's, so every other command treats it alike. */
function markStarted(name: string): Promise<BatchManifest> {
  return withLock(lockPath(name), `batch "${name}"`, async () => {
    refuseCancelled(await readManifest(name))
    return updateManifest(name, 'worker started', (stored) => {
      stored.state = 'submitted'
      const record = endpointRecord(stored)
      record.started_at ??= new Date().toISOString()
      delete record.stopped
    })
  })
}
