import {openAsBlob} from 'node:fs'
import {basename} from 'node:path'

/**
 * The shard as a `File` backed by the file on disk: SDKs stream it into the request without
 * reading it into memory, and can send it again on a retry (a read stream could not be replayed).
 */
export async function shardFile(path: string): Promise<File> {
  const blob = await openAsBlob(path, {type: 'application/jsonl'})
  return new File([blob], basename(path), {type: 'application/jsonl'})
}
