import type {RemoteShard} from '../types.js'

/** The batch id of a submitted shard; asking about an unsubmitted one is a caller bug. */
export function batchId(remote: RemoteShard): string {
  if (remote.batch_id === undefined) throw new Error('this shard has not been submitted: no batch id')
  return remote.batch_id
}
