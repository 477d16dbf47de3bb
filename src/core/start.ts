import {resolve} from 'node:path'

import {checkpoint} from './checkpoint.js'
import {withLock} from './lock.js'
import {lockPath, readManifest, updateManifest, type BatchManifest} from './manifest.js'
import {loadClient} from '../providers/index.js'
import type {RemoteShard} from '../providers/types.js'

export interface StartOutcome {
  manifest: BatchManifest
  /** False when every shard had been submitted before this run. */
  submitted: boolean
  /** Shards whose batch an earlier, crashed run had created and this run found again. */
  reused: number
  warnings: string[]
}

/**
 * Uploads and creates the vendor batch of every shard not yet submitted. Each remote id is
 * written to the manifest before the next remote call, so a re-run after a crash at any point
 * neither uploads twice nor creates a second batch.
 */
export async function startBatch(name: string): Promise<StartOutcome> {
  return withLock(lockPath(name), `batch "${name}"`, async () => {
    let manifest = await readManifest(name)
    if (manifest.state === 'submitted') return {manifest, submitted: false, reused: 0, warnings: []}
    // `submitting` on disk means an earlier run stopped half-way: only then can a vendor batch
    // exist that the record does not know of, and only then is a vendor's orphan warning relevant.
    const resuming = manifest.state === 'submitting'

    const client = await loadClient(manifest.provider)
    manifest = await updateManifest(name, 'submitting', (stored) => {
      stored.state = 'submitting'
    })
    let reused = 0
    const warnings: string[] = []
    for (const [index, shard] of manifest.shards.entries()) {
      if (shard.remote?.batch_id !== undefined) continue
      const outcome = await client.submit({
        name,
        shard: index,
        model: manifest.model,
        file: resolve(shard.file),
        requests: shard.requests,
        remote: shard.remote ?? {},
        record: (update: RemoteShard) => recordRemote(name, index, update),
      })
      if (outcome.reused) reused += 1
      if (outcome.warning !== undefined && resuming) warnings.push(outcome.warning)
      checkpoint('start:shard-submitted')
    }
    manifest = await updateManifest(name, 'submitted', (stored) => {
      stored.state = 'submitted'
    })
    return {manifest, submitted: true, reused, warnings: [...new Set(warnings)]}
  })
}

async function recordRemote(name: string, index: number, update: RemoteShard): Promise<void> {
  await updateManifest(name, `shard ${index + 1}: ${Object.keys(update).join(', ')} recorded`, (stored) => {
    const shard = stored.shards[index]!
    shard.remote = {...shard.remote, ...update}
  })
}
