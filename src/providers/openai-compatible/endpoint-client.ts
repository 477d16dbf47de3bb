import {setTimeout as sleep} from 'node:timers/promises'

import {readAnswers} from './answers.js'
import {changeEndpointRecord, endpointRecord, workerLockPath} from './endpoint-batch.js'
import {endpointStatus} from './endpoint-status.js'
import {ENDPOINT_PROVIDER} from '../names.js'
import {normalizeOpenAIEnvelope} from '../shared/openai-envelope.js'
import type {BatchReader} from '../types.js'
import {lockOwner} from '../../core/batch/lock.js'
import type {BatchManifest} from '../../core/batch/manifest.js'
import type {ResultLine} from '../../core/results/result.js'

/** How long `cancel` waits for a running worker to drop its requests and exit. */
const STOP_TIMEOUT_MS = 10_000

/**
 * An endpoint batch seen the way `get`, `results` and `cancel` see a vendor's: its one "shard" is
 * the whole batch, answered by bench's own worker into the answers file.
 */
export function createEndpointClient(manifest: BatchManifest): BatchReader {
  return {
    status: () => endpointStatus(manifest),
    results: (_remote, model) => endpointResults(manifest, model),
    cancel: () => cancelEndpointRun(manifest.name),
  }
}

/** The answers, normalized like an OpenAI batch's output lines, each with its latency. */
async function* endpointResults(manifest: BatchManifest, model: string): AsyncGenerator<ResultLine[]> {
  for await (const answers of readAnswers(endpointRecord(manifest).answers_file)) {
    yield answers.flatMap((answer) => {
      const line = normalizeOpenAIEnvelope(answer, {model, provider: ENDPOINT_PROVIDER})
      return line === undefined ? [] : [{...line, latency_ms: answer.latency_ms}]
    })
  }
}

/**
 * Records the cancel first, so the batch reads cancelled whatever becomes of the worker, then stops
 * the worker and waits for it to let go. The caller holds the batch lock. Requests in flight get
 * no answer and count as cancelled.
 */
async function cancelEndpointRun(name: string): Promise<void> {
  await changeEndpointRecord(name, 'cancelled', (record) => {
    record.cancelled_at = new Date().toISOString()
  })
  const lock = workerLockPath(name)
  const worker = await lockOwner(lock)
  if (worker === undefined) return
  process.kill(worker, 'SIGTERM')
  const deadline = Date.now() + STOP_TIMEOUT_MS
  while ((await lockOwner(lock)) !== undefined && Date.now() < deadline) await sleep(25)
}
