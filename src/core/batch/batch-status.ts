import {checkIdentity} from './identity.js'
import {acquireLock} from './lock.js'
import {lockPath, readManifest, writeManifest, type BatchManifest} from './manifest.js'
import {combineStatuses, type BatchStatus} from './status.js'
import {UserError} from '../errors.js'
import {loadStatusReader} from '../../providers/index.js'
import type {RemoteShard, StatusReader} from '../../providers/types.js'

export interface BatchView {
  manifest: BatchManifest
  /** Undefined while the batch has not been submitted. */
  status?: BatchStatus
}

/**
 * One status fetch per submitted shard, each checked to be of the batch bench created (identity.ts),
 * combined; remembered in the manifest for `list`.
 */
export async function fetchBatchStatus(name: string): Promise<BatchView> {
  const manifest = await readManifest(name)
  const statuses = manifest.endpoint === undefined ? await createdShardStatuses(manifest) : await endpointStatus(manifest)
  if (statuses.length === 0) return {manifest}
  const status = combineStatuses(statuses)
  // Under `watch -n 2` the status mostly repeats itself: the manifest is rewritten only when it changed.
  if (JSON.stringify(status) !== JSON.stringify(manifest.last_status)) await rememberStatus(name, status)
  return {manifest, status}
}

/** The shards whose vendor batch exists (all of them once submitted; some while `start` is under way). */
async function createdShardStatuses(manifest: BatchManifest): Promise<BatchStatus[]> {
  const created = manifest.shards.flatMap((shard, index) => (shard.remote?.batch_id === undefined ? [] : [{index, remote: shard.remote}]))
  if (created.length === 0) return []
  return checkedStatuses(manifest, await loadStatusReader(manifest), created)
}

/** An endpoint batch has no vendor batch ids: once started, its worker's files answer for all of it. */
async function endpointStatus(manifest: BatchManifest): Promise<BatchStatus[]> {
  if (manifest.state !== 'submitted') return []
  return [await (await loadStatusReader(manifest)).status({})]
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

/** Each submitted shard's status, checked to be of the batch bench created: what `results` and `cancel` read first. */
export async function shardStatuses(manifest: BatchManifest, reader: StatusReader): Promise<BatchStatus[]> {
  return checkedStatuses(manifest, reader, submittedShards(manifest).map((remote, index) => ({index, remote})))
}

async function checkedStatuses(manifest: BatchManifest, reader: StatusReader, shards: {index: number; remote: RemoteShard}[]): Promise<BatchStatus[]> {
  const statuses = await Promise.all(shards.map(({remote}) => reader.status(remote)))
  shards.forEach(({index}, position) => checkIdentity(manifest, index, statuses[position]!))
  return statuses
}
