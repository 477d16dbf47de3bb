import {resolve} from 'node:path'

import {checkpoint} from './checkpoint.js'
import {withLock} from './lock.js'
import {lockPath, readManifest, readManifestSync, updateManifest, type BatchManifest} from './manifest.js'
import type {Destination} from '../destinations/destination.js'
import {checkDestinations, sendTarget} from '../destinations/preflight.js'
import {uninterrupted} from '../interruption.js'
import {ENDPOINT_PROVIDER, loadClient, type ProviderName} from '../../providers/index.js'
import type {WorkerProgress} from '../../providers/openai-compatible/run-worker.js'
import type {WorkerStart} from '../../providers/openai-compatible/start-endpoint.js'
import type {RemoteShard} from '../../providers/types.js'

export interface StartOutcome {
  manifest: BatchManifest
  /** False when every shard had been submitted before this run. */
  submitted: boolean
  /** Shards whose batch an earlier, crashed run had created and this run found again. */
  reused: number
  warnings: string[]
  /** Where this run sent: each host, and the settings that chose it (empty when nothing was sent). */
  sends_to: Destination[]
  /** For an endpoint batch: the worker that sends its requests. */
  worker?: WorkerStart
}

/** How to start an endpoint batch's worker; vendor batches ignore these. */
export interface StartOptions {
  /** Run the worker here until every request is answered, instead of in the background. */
  wait?: boolean
  onAnswer?: (progress: WorkerProgress) => void
  signal?: AbortSignal
}

/**
 * Uploads and creates the vendor batch of every shard not yet submitted. Each remote id is
 * written to the manifest before the next remote call, so a re-run after a crash at any point
 * neither uploads twice nor creates a second batch.
 */
export async function startBatch(name: string, options: StartOptions = {}): Promise<StartOutcome> {
  const manifest = await readManifest(name)
  if (manifest.provider === ENDPOINT_PROVIDER) return startEndpoint(manifest, options)
  return submitVendorBatch(name, manifest.provider)
}

/**
 * Submits each of these batches not yet submitted, one after the other (a re-run resumes), once
 * every key and host they need has been checked: a missing key sends none of them.
 */
export async function startBatches(manifests: readonly BatchManifest[]): Promise<StartOutcome[]> {
  await checkDestinations(manifests.filter((manifest) => manifest.state !== 'submitted').map(sendTarget))
  const starts: StartOutcome[] = []
  for (const manifest of manifests) starts.push(await startBatch(manifest.name))
  return starts
}

/** An endpoint has no Batch API: bench's own worker sends the requests (providers/openai-compatible). */
async function startEndpoint(prepared: BatchManifest, options: StartOptions): Promise<StartOutcome> {
  const sends_to = await checkDestinations([sendTarget(prepared)])
  const {startEndpointBatch} = await import('../../providers/openai-compatible/start-endpoint.js')
  const {manifest, worker} = await startEndpointBatch(prepared.name, {wait: options.wait ?? false, onAnswer: options.onAnswer, signal: options.signal})
  return {manifest, submitted: true, reused: 0, warnings: [], sends_to, worker}
}

async function submitVendorBatch(name: string, provider: ProviderName): Promise<StartOutcome> {
  return withLock(lockPath(name), `batch "${name}"`, async () => {
    let manifest = await readManifest(name)
    if (manifest.state === 'submitted') return {manifest, submitted: false, reused: 0, warnings: [], sends_to: []}
    // Key and host first: a batch is marked `submitting` only when it can be sent.
    const sends_to = await checkDestinations([sendTarget(manifest)])
    // `submitting` on disk means an earlier run stopped half-way: only then can a vendor batch
    // exist that the record does not know of, and only then is a vendor's orphan warning relevant.
    const resuming = manifest.state === 'submitting'

    const client = await loadClient(provider)
    manifest = await updateManifest(name, 'submitting', (stored) => {
      stored.state = 'submitting'
    })
    let reused = 0
    const warnings: string[] = []
    for (const [index, shard] of manifest.shards.entries()) {
      if (shard.remote?.batch_id !== undefined) continue
      // Ctrl-C waits for the batch being created to be recorded: a batch the record does not know
      // is one a re-run may create again (Anthropic keeps nothing to find it by).
      const outcome = await uninterrupted(() =>
        client.submit({
          name,
          shard: index,
          model: manifest.model,
          file: resolve(shard.file),
          requests: shard.requests,
          remote: shard.remote ?? {},
          record: (update: RemoteShard) => recordRemote(name, index, update),
        }),
      )
      if (outcome.reused) reused += 1
      if (outcome.warning !== undefined && resuming) warnings.push(outcome.warning)
      await checkpoint('start:shard-submitted')
    }
    manifest = await updateManifest(name, 'submitted', (stored) => {
      stored.state = 'submitted'
    })
    return {manifest, submitted: true, reused, warnings: [...new Set(warnings)], sends_to}
  })
}

/**
 * How far the submission of these batches got, from their records as they are on disk now: what
 * an interrupted command says. Read synchronously, from the signal handler.
 */
export function submissionProgress(names: readonly string[]): string {
  if (names.length === 1) {
    const manifest = readManifestSync(names[0]!)
    if (manifest.state === 'submitted') return `${manifest.name} was submitted`
    const created = manifest.shards.filter((shard) => shard.remote?.batch_id !== undefined).length
    return created === 0 ? `${manifest.name} was not submitted` : `${created} of ${manifest.shards.length} shards of ${manifest.name} were submitted`
  }
  const submitted = names.filter((name) => readManifestSync(name).state === 'submitted')
  if (submitted.length === 0) return `none of ${names.length} batches was submitted`
  return `${submitted.length} of ${names.length} batches were submitted (${submitted.join(', ')})`
}

async function recordRemote(name: string, index: number, update: RemoteShard): Promise<void> {
  await updateManifest(name, `shard ${index + 1}: ${Object.keys(update).join(', ')} recorded`, (stored) => {
    const shard = stored.shards[index]!
    shard.remote = {...shard.remote, ...update}
  })
}
