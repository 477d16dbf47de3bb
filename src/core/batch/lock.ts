import {mkdir, open, readFile, rm} from 'node:fs/promises'
import {dirname} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {UserError} from '../errors.js'
import {holdPath, releasePath} from '../interruption.js'

/**
 * A lock file holding the owner's pid, so two commands never change one batch at once (two
 * `bench start` in two terminals would otherwise both submit). A lock whose process is gone
 * (killed, crashed) is taken over: a SIGKILL never leaves a batch stuck. Ctrl-C removes it
 * (core/interruption.ts).
 */
export async function acquireLock(path: string, waitMs = 0): Promise<(() => Promise<void>) | undefined> {
  const deadline = Date.now() + waitMs
  await mkdir(dirname(path), {recursive: true})
  for (;;) {
    try {
      const handle = await open(path, 'wx')
      holdPath(path)
      await handle.writeFile(String(process.pid))
      await handle.close()
      return async () => {
        releasePath(path)
        await rm(path, {force: true})
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const owner = Number(await readFile(path, 'utf8').catch(() => ''))
    if (!isAlive(owner)) {
      await rm(path, {force: true})
      continue
    }
    if (Date.now() >= deadline) return undefined
    await sleep(50)
  }
}

/** Runs `work` under the lock, or fails with a message naming the process that holds it. */
export async function withLock<T>(path: string, what: string, work: () => Promise<T>): Promise<T> {
  const release = await acquireLock(path, 2000)
  if (release === undefined) {
    const owner = await readFile(path, 'utf8').catch(() => '?')
    throw new UserError(`${what} is busy: another bench command (pid ${owner}) is working on it; wait for it to finish`)
  }
  try {
    return await work()
  } finally {
    await release()
  }
}

/** The pid of the live process holding the lock, or undefined when nobody (alive) holds it. */
export async function lockOwner(path: string): Promise<number | undefined> {
  const owner = Number(await readFile(path, 'utf8').catch(() => ''))
  return isAlive(owner) ? owner : undefined
}

/** Whether a process of this pid runs (on this machine; EPERM: it runs as another user). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
