import {acquireLock} from './lock.js'
import {lockPath, readManifest, writeManifest, type BatchManifest, type ShardRecord} from './manifest.js'
import {combineStatuses, type BatchStatus} from './status.js'
import {UserError} from '../errors.js'
import {loadStatusReader} from '../../providers/index.js'
import type {RemoteShard} from '../../providers/types.js'

export interface BatchView {
  manifest: BatchManifest
  /** Undefined while the batch has not been submitted. */
  status?: BatchStatus
}

/** One status fetch per submitted shard, combined; remembered in the manifest for `list`. */
export async function fetchBatchStatus(name: string): Promise<BatchView> {
  const manifest = await readManifest(name)
  const submitted = manifest.shards.filter((shard): shard is ShardRecord & {remote: RemoteShard & {batch_id: string}} =>
    shard.remote?.batch_id !== undefined,
  )
  // An endpoint batch has no vendor batch ids: once started, its worker's files answer for all of it.
  const remotes = manifest.endpoint === undefined ? submitted.map((shard) => shard.remote) : manifest.state === 'submitted' ? [{}] : []
  if (remotes.length === 0) return {manifest}
  const reader = await loadStatusReader(manifest)
  const status = combineStatuses(await Promise.all(remotes.map((remote) => reader.status(remote))))
  // Under `watch -n 2` the status mostly repeats itself: the manifest is rewritten only when it changed.
  if (JSON.stringify(status) !== JSON.stringify(manifest.last_status)) await rememberStatus(name, status)
  return {manifest, status}
}

/**
 * Best effort: when another command holds the batch (a `start` in progress), skip rather than
 * wait; `watch -n 2 bench get` must never stall.
 */
async function rememberStatus(name: string, status: BatchStatus): Promise<void> {
  const release = await acquireLock(lockPath(name))
  if (release === undefined) return
  try {
    const manifest = await readManifest(name)
    manifest.last_status = status
    await writeManifest(manifest)
  } finally {
    await release()
  }
}

/** The submitted shards of a batch, or a one-line error saying to start it first. */
export function submittedShards(manifest: BatchManifest): RemoteShard[] {
  if (manifest.state !== 'submitted') {
    throw new UserError(`batch "${manifest.name}" has not been submitted: run \`bench start ${manifest.name}\` first`)
  }
  return manifest.shards.map((shard) => shard.remote!)
}
