import {mkdir, rename, rm, writeFile} from 'node:fs/promises'
import {dirname} from 'node:path'

import {holdPath, releasePath} from './interruption.js'

/** Temp files of this process are told apart by a counter; other processes by their pid. */
let tempSequence = 0

/**
 * A sibling temp path: same directory, so the final rename is atomic on one filesystem. Not from
 * node:crypto: importing it costs `bench get` (which writes its manifest) about 5 ms per start.
 */
export function tempPathFor(path: string): string {
  tempSequence += 1
  const temp = `${path}.${process.pid}.${tempSequence}.tmp`
  // Removed if the command is interrupted before it moves the file into place.
  holdPath(temp)
  return temp
}

/** Writes a whole file atomically: readers see the old content or the new, never half of it. */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), {recursive: true})
  const temp = tempPathFor(path)
  try {
    await writeFile(temp, content)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, {force: true})
    throw error
  } finally {
    releasePath(temp)
  }
}
