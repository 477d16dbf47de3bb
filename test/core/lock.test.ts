import {spawn, type ChildProcess} from 'node:child_process'
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {scratchDir} from '../support/cli.js'
import {createCount, PreparedTemplates, uploadCount, useBenchEmulator} from '../support/emulator.js'
import {acquireLock, lockOwner, withLock} from '../../src/core/batch/lock.js'
import {UserError} from '../../src/core/errors.js'

/** A live process that is not this one, standing for another bench command holding a lock. */
let other: ChildProcess | undefined
afterEach(() => {
  other?.kill()
  other = undefined
})

function anotherProcess(): number {
  other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {stdio: 'ignore'})
  return other.pid!
}

describe('the batch lock', () => {
  it('makes a second taker wait until the first lets go', async () => {
    const path = join(await scratchDir(), 'processed_files', 'b.lock')
    const first = await acquireLock(path)
    expect(first).toBeDefined()
    expect(await readFile(path, 'utf8')).toBe(String(process.pid))
    expect(await acquireLock(path, 100)).toBeUndefined()
    const order: string[] = []
    const second = acquireLock(path, 5000).then((release) => {
      order.push('second took it')
      return release
    })
    await new Promise((resolve) => setTimeout(resolve, 150))
    order.push('first lets go')
    await first!()
    await (await second)!()
    expect(order).toEqual(['first lets go', 'second took it'])
    expect(await lockOwner(path)).toBeUndefined()
  })

  it('refuses, naming the holder, while another command holds it, and changes nothing', async () => {
    const path = join(await scratchDir(), 'b.lock')
    const holder = anotherProcess()
    await writeFile(path, String(holder))
    let ran = false
    const failure = await withLock(path, 'batch "b"', () => {
      ran = true
      return Promise.resolve()
    }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(UserError)
    expect((failure as UserError).message).toBe(`batch "b" is busy: another bench command (pid ${holder}) is working on it; wait for it to finish`)
    expect(ran).toBe(false)
    expect(await lockOwner(path)).toBe(holder)
    expect(await readFile(path, 'utf8')).toBe(String(holder))
  })

  it('takes over the lock of a command that died, and lets go even when the work fails', async () => {
    const path = join(await scratchDir(), 'b.lock')
    const holder = anotherProcess()
    await writeFile(path, String(holder))
    other!.kill('SIGKILL')
    await new Promise((resolve) => other!.once('exit', resolve))
    const failure = await withLock(path, 'batch "b"', async () => {
      expect(await readFile(path, 'utf8')).toBe(String(process.pid))
      throw new Error('the work failed')
    }).catch((error: unknown) => error)
    expect((failure as Error).message).toBe('the work failed')
    expect(await lockOwner(path)).toBeUndefined()
    expect(await acquireLock(path)).toBeDefined()
  })
})

describe('two commands on one batch', () => {
  const bench = useBenchEmulator()
  const templates = new PreparedTemplates(bench)

  it('bench start waits for a batch another command holds, then refuses in one line and sends nothing; once that command is gone it goes ahead', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'contended'})
    const holder = anotherProcess()
    await writeFile(join(cwd, 'processed_files', 'contended.lock'), String(holder))
    const busy = await bench.bench(cwd, ['start', 'contended'])
    expect(busy.code).toBe(2)
    expect(busy.stderr.trim()).toBe(`Error: batch "contended" is busy: another bench command (pid ${holder}) is working on it; wait for it to finish`)
    expect(uploadCount(bench.emulator, 'openai') + createCount(bench.emulator, 'openai')).toBe(0)

    other!.kill('SIGKILL')
    await new Promise((resolve) => other!.once('exit', resolve))
    const started = await bench.bench(cwd, ['start', 'contended'])
    expect(started.code, started.stderr).toBe(0)
    expect(createCount(bench.emulator, 'openai')).toBe(1)
  })
})
