import {spawn, spawnSync} from 'node:child_process'
import {mkdir, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {BIN, type CliResult} from '../support/cli.js'
import {PreparedTemplates, readResults, sampleIds, useBenchEmulator} from '../support/emulator.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'

const bench = useBenchEmulator()
const templates = new PreparedTemplates(bench)

/**
 * Runs bench until it reports `bench paused at <point>` (BENCH_PAUSE_AT), runs `paused`, then
 * sends it each of `signals`, one after the other once the previous one was answered on stderr.
 */
function interruptAt(cwd: string, args: string[], point: string, signals: NodeJS.Signals[], paused = async () => {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {cwd, env: {...process.env, ...bench.env, NO_COLOR: '1', BENCH_PAUSE_AT: point}, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    let sent = 0
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const answered = stderr.includes(`bench paused at ${point}`) ? 1 + (stderr.match(/Stopping once/g)?.length ?? 0) : 0
      if (answered > sent && sent < signals.length) {
        const signal = signals[sent++]!
        void (sent === 1 ? paused() : Promise.resolve()).then(
          () => child.kill(signal),
          (error: Error) => {
            child.kill('SIGKILL')
            reject(error)
          },
        )
      }
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({code, signal, stdout, stderr})
    })
  })
}

/** Locks and temporary files in the working directory: none may outlive the command. */
async function leftovers(cwd: string): Promise<string[]> {
  const entries = await Promise.all(['processed_files', 'results'].map(async (directory) => (await readdir(join(cwd, directory)).catch(() => [])).map((entry) => `${directory}/${entry}`)))
  return entries.flat().filter((entry) => /\.lock$|\.tmp$/.test(entry))
}

describe('Ctrl-C and SIGTERM: one line, the command to continue, nothing left behind (issue 14 §6)', () => {
  it('results: Ctrl-C while writing leaves the results file as it was and removes its lock and temporary file', async () => {
    // Answers long enough that the results file is on its way to the disk when the signal comes.
    bench.emulator.setResponder(() => ({text: 'x'.repeat(400_000)}))
    const cwd = await templates.started({provider: 'openai', name: 'stopped'})
    const result = await interruptAt(cwd, ['results', 'stopped'], 'results:before-commit', ['SIGINT'], async () => {
      expect(await leftovers(cwd)).toEqual(['processed_files/stopped.lock', expect.stringMatching(/^results\/stopped\.jsonl\.\d+\.\d+\.tmp$/)])
    }).finally(() => bench.emulator.setResponder())
    expect(result.code).toBe(130)
    expect(result.stderr.trim().split('\n').at(-1)).toBe('Interrupted: nothing was written: results/stopped.jsonl is as it was. Continue with: bench results stopped')
    expect(await leftovers(cwd)).toEqual([])
    expect(await readdir(join(cwd, 'results')).catch(() => [])).toEqual([])
  })

  it('run: SIGTERM says where the run stopped and to resume it, and removes the run lock', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'unused'})
    const args = ['run', '--dataset', SAMPLE_DATASET_PATH, '--split', 'full', '--limit', '2', '--provider', 'openai', '--model', 'gpt-4.1', '--name', 'halted']
    const result = await interruptAt(cwd, args, 'run:prediction-started', ['SIGTERM'])
    expect(result.code).toBe(143)
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      'Interrupted: run halted stopped at its predictions stage; the batches it sent keep running at their vendors. Continue with: bench run --resume halted',
    )
    expect(await leftovers(cwd)).toEqual([])
  })

  it('start: a batch being created is recorded before Ctrl-C stops it; a second Ctrl-C stops at once', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'creating', limit: 2, maxBatchRequests: 1})
    const result = await interruptAt(cwd, ['start', 'creating'], 'start:uploaded', ['SIGINT', 'SIGINT'])
    expect(result.code).toBe(130)
    const lines = result.stderr.trim().split('\n')
    expect(lines.slice(-2)).toEqual(['Stopping once the call in flight is recorded (Ctrl-C again to stop now)...', 'Interrupted: creating was not submitted. Continue with: bench start creating'])
    expect(await leftovers(cwd)).toEqual([])
    const resumed = await bench.bench(cwd, ['start', 'creating'])
    expect(resumed.code, resumed.stderr).toBe(0)
  })
})

describe('what a killed bench leaves behind (issue 14 §6)', () => {
  it('the next command removes the locks and temporary files of a process that is gone, and leaves a live one\'s', async () => {
    const cwd = await templates.started({provider: 'openai', name: 'killed'})
    const killed = await bench.bench(cwd, ['results', 'killed'], {BENCH_CRASH_AT: 'results:before-commit'})
    expect(killed.signal).toBe('SIGKILL')
    // What a bigger results (or a prepare) killed half-way leaves too: a temporary file of a pid that is gone.
    const gone = spawnSync(process.execPath, ['-e', '']).pid
    await mkdir(join(cwd, 'results'), {recursive: true})
    await writeFile(join(cwd, 'results', `killed.jsonl.${gone}.1.tmp`), '{"custom_id":"half')
    await writeFile(join(cwd, 'processed_files', `other.manifest.json.${process.pid}.1.tmp`), 'in use')
    expect(await leftovers(cwd)).toEqual(['processed_files/killed.lock', `processed_files/other.manifest.json.${process.pid}.1.tmp`, `results/killed.jsonl.${gone}.1.tmp`])

    const list = await bench.bench(cwd, ['list'])
    expect(list.code, list.stderr).toBe(0)
    expect(await leftovers(cwd)).toEqual([`processed_files/other.manifest.json.${process.pid}.1.tmp`])
    expect((await bench.bench(cwd, ['results', 'killed'])).code).toBe(0)
    expect((await readResults(cwd, 'killed')).map((line) => line.custom_id).sort()).toEqual((await sampleIds(4)).sort())
  })
})
