import {readManifest, type BatchManifest} from '../batch/manifest.js'

/** A batch and its retries (`bench retry`), oldest first: the attempts `bench results` merges. */
export async function readChain(first: BatchManifest | string): Promise<BatchManifest[]> {
  const manifest = typeof first === 'string' ? await readManifest(first) : first
  return [manifest, ...(await Promise.all((manifest.attempts ?? []).map((name) => readManifest(name))))]
}
