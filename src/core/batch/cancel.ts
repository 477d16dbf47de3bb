import {fetchBatchStatus, shardStatuses, submittedShards} from './batch-status.js'
import type {BatchView} from './batch-status.js'
import {withLock} from './lock.js'
import {lockPath, readManifest, updateManifest} from './manifest.js'
import {TERMINAL_STATES} from './status.js'
import {loadBatchClient} from '../../providers/index.js'

/** Asks the vendor to cancel every shard still running; finished lines stay downloadable. */
export async function cancelBatch(name: string): Promise<BatchView & {cancelled: number}> {
  const cancelled = await withLock(lockPath(name), `batch "${name}"`, async () => {
    const manifest = await readManifest(name)
    const remotes = submittedShards(manifest)
    const client = await loadBatchClient(manifest)
    const statuses = await shardStatuses(manifest, client)
    const running = remotes.filter((_, index) => !TERMINAL_STATES.has(statuses[index]!.state))
    await Promise.all(running.map((remote) => client.cancel(remote)))
    if (running.length > 0) await updateManifest(name, `cancel requested (${running.length} shard(s))`, () => {})
    return running.length
  })
  return {...(await fetchBatchStatus(name)), cancelled}
}
