import {readFile, readdir, rm} from 'node:fs/promises'
import {join} from 'node:path'

import {isAlive} from './batch/lock.js'
import {PROCESSED_DIR, RESULTS_DIR} from './batch/manifest.js'

/** `<file>.<pid>.<n>.tmp`: a temporary file (atomic.ts), with its writer's pid. */
const TEMP_FILE = /\.(\d+)\.\d+\.tmp$/

/**
 * What a bench process killed outright (SIGKILL, a power cut: no handler runs) left behind in
 * `processed_files/` and `results/`: its locks (`NAME.lock`, `NAME.run.lock`...) and its
 * temporary files. Removed when their process is gone; a live process's are left alone. Returns
 * the paths removed.
 */
export async function removeLeftovers(root = '.'): Promise<string[]> {
  const removed: string[] = []
  for (const directory of [PROCESSED_DIR, RESULTS_DIR]) {
    const entries = await readdir(join(root, directory)).catch(() => [] as string[])
    for (const entry of entries) {
      const path = join(directory, entry)
      const owner = await ownerOf(join(root, path), entry)
      if (owner === undefined || isAlive(owner)) continue
      await rm(join(root, path), {force: true})
      removed.push(path)
    }
  }
  return removed
}

/** The pid a lock or temporary file belongs to; undefined for any other file. */
async function ownerOf(path: string, entry: string): Promise<number | undefined> {
  const temp = TEMP_FILE.exec(entry)
  if (temp !== null) return Number(temp[1])
  if (!entry.endsWith('.lock')) return undefined
  const pid = Number(await readFile(path, 'utf8').catch(() => ''))
  // A lock still being written (its pid not in yet) is another process's, busy: left alone.
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}
