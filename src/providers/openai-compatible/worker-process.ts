import {spawn} from 'node:child_process'
import {openSync, closeSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import {setTimeout as sleep} from 'node:timers/promises'

import {workerLockPath, workerLogPath} from './endpoint-batch.js'
import {lockOwner} from '../../core/batch/lock.js'
import {allowedByFlag} from '../../core/destinations/allowance.js'
import {UserError} from '../../core/errors.js'

const BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url))

/** How long `start` waits for the worker to hold its lock, so a `get` right after says running. */
const STARTUP_TIMEOUT_MS = 15_000

/**
 * Starts `bench worker NAME` as a detached process that outlives this command, its output in the
 * worker log. Returns once the worker holds its lock (its pid is then what `get` reads), or fails
 * with the worker's own last words when it exits first (a missing key, a cancelled batch).
 */
export async function launchWorker(name: string): Promise<number> {
  const log = openSync(workerLogPath(name), 'a')
  // The hosts this command was allowed to send keys to, and no more: the worker checks them again.
  const allowed = allowedByFlag().flatMap((host) => ['--allow-host', host])
  const child = spawn(process.execPath, [BIN, 'worker', name, ...allowed], {detached: true, stdio: ['ignore', log, log], env: process.env})
  closeSync(log)
  let exited = false
  child.once('exit', () => (exited = true))
  child.unref()
  const pid = child.pid
  if (pid === undefined) throw new UserError(`could not start the worker of batch "${name}": see ${workerLogPath(name)}`)
  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (Date.now() < deadline) {
    if ((await lockOwner(workerLockPath(name))) === pid) return pid
    if (exited) throw new UserError(await lastWords(name))
    await sleep(25)
  }
  return pid
}

/** The worker's one-line error from its log, or where to look. */
async function lastWords(name: string): Promise<string> {
  const log = await readFile(workerLogPath(name), 'utf8').catch(() => '')
  const last = log.trim().split('\n').at(-1)?.replace(/^Error: /, '')
  return last || `the worker of batch "${name}" stopped at once: see ${workerLogPath(name)}`
}
