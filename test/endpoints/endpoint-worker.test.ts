import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it, onTestFinished} from 'vitest'

import type {AnswerLine} from '../../src/providers/openai-compatible/answers.js'
import {scratchDir} from '../support/cli.js'
import {readResults, startBenchEmulator, waitFor, type BenchEmulator} from '../support/emulator.js'
import {matching} from '../support/matchers.js'

/** Every answer takes this long, so a run can be caught half-way. */
const LATENCY_MS = 150
const CONCURRENCY = 2

let bench: BenchEmulator
beforeAll(async () => {
  bench = await startBenchEmulator({endpoint: {latencyMs: LATENCY_MS}})
})
afterAll(async () => {
  await bench?.close()
})

/** A directory with a `lab` endpoint (pointing at the emulator) and a prepared batch of `tasks` requests. */
async function preparedBatch(scenario: string, tasks: number): Promise<{cwd: string; name: string; ids: string[]}> {
  const cwd = await scratchDir('bench-endpoint-')
  const lab = {base_url: bench.emulator.endpointUrl, key_variable: 'LAB_KEY', max_concurrency: CONCURRENCY, timeout_seconds: 10, files: false}
  await writeFile(join(cwd, 'bench.endpoints.json'), JSON.stringify({endpoints: {lab}}))
  const ids = Array.from({length: tasks}, (_, index) => `q${String(index + 1).padStart(2, '0')}`)
  await writeFile(join(cwd, `${scenario}.json`), JSON.stringify({models: ['lab/model-1'], tasks: ids.map((id) => ({id, user_prompt: `Question ${id}?`}))}))
  const result = await labBench(cwd, ['prepare', '--scenario', `${scenario}.json`])
  expect(result.code, result.stderr).toBe(0)
  return {cwd, name: `${scenario}_lab_model-1`, ids}
}

function labBench(cwd: string, args: string[], key = 'test-key') {
  return bench.bench(cwd, args, {LAB_KEY: key})
}

async function answers(cwd: string, name: string): Promise<AnswerLine[]> {
  const text = await readFile(join(cwd, 'processed_files', `${name}.answers.jsonl`), 'utf8').catch(() => '')
  return text.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as AnswerLine)
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function sentIds(): string[] {
  return bench.emulator.executed('openai-compatible').map((line) => line.custom_id)
}

describe('an endpoint batch run by the local worker', () => {
  it('killed mid-run and started again: every request is answered exactly once', async () => {
    const {cwd, name, ids} = await preparedBatch('killed', 40) // 3 s of answers: time to be caught half-way on a loaded machine
    const started = await labBench(cwd, ['start', name])
    expect(started.code, started.stderr).toBe(0)
    expect(started.stdout).toMatch(/worker\s+endpoint lab · pid \d+, in the background/)
    const pid = Number(await readFile(join(cwd, 'processed_files', `${name}.worker.lock`), 'utf8'))
    await waitFor(async () => (await answers(cwd, name)).length >= 3, 'three answers')
    process.kill(pid, 'SIGKILL')
    await waitFor(() => !alive(pid), 'the worker to die')
    const before = (await answers(cwd, name)).map((answer) => answer.custom_id)
    expect(before.length).toBeLessThan(ids.length)

    const status = await labBench(cwd, ['get', name])
    expect(status.stdout.split('\n')[0]).toBe(`${name}  interrupted (worker stopped)`)
    expect(status.stdout).toContain(`Next: bench start ${name}`)

    const resumed = await labBench(cwd, ['start', name, '--wait'])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stdout).toContain(`${before.length} answered by earlier runs, not sent again`)
    expect(resumed.stdout).toMatch(/completed \(all answered\)/)

    const written = (await answers(cwd, name)).map((answer) => answer.custom_id)
    expect([...written].sort()).toEqual(ids)
    const sent = sentIds().filter((id) => ids.includes(id))
    // Answered before the kill: sent once. Only the few in flight at the kill went out twice.
    for (const id of before) expect(sent.filter((other) => other === id), id).toHaveLength(1)
    expect(sent.length).toBeLessThanOrEqual(ids.length + CONCURRENCY)

    const results = await labBench(cwd, ['results', name])
    expect(results.code, results.stderr).toBe(0)
    const lines = await readResults(cwd, name)
    expect(lines.map((line) => line.custom_id).sort()).toEqual(ids)
    expect(lines.every((line) => line.ok && (line.latency_ms ?? 0) >= LATENCY_MS)).toBe(true)
  })

  it("waits what a 429's retry-after asks, then gets the answer", async () => {
    const {cwd, name} = await preparedBatch('limited', 2)
    bench.emulator.faults.add({kind: 'http', match: {operation: 'chat.completions'}, status: 429, retryAfter: 1, times: 1})
    const began = Date.now()
    const result = await labBench(cwd, ['start', name, '--wait'])
    expect(result.code, result.stderr).toBe(0)
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000)
    const written = await answers(cwd, name)
    expect(written.map((answer) => answer.attempts).sort()).toEqual([1, 2])
    expect(written.every((answer) => answer.response?.status_code === 200)).toBe(true)
  })

  it('a refused key stops the run with one line naming the variable, never the key; get says why', async () => {
    const {cwd, name} = await preparedBatch('refused', 3)
    const result = await labBench(cwd, ['start', name, '--wait'], 'bad-key')
    expect(result.code).toBe(3)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/endpoint "lab" refused the key \(HTTP 401.*check LAB_KEY in \.env/)
    expect(result.stderr + result.stdout).not.toContain('bad-key')
    const status = await labBench(cwd, ['get', name])
    expect(status.stdout).toMatch(/interrupted/)
    expect(status.stdout).toMatch(/errors\s+endpoint "lab" refused the key/)
  })

  it('cancel stops a running worker; the unanswered requests are cancelled in the results', async () => {
    const {cwd, name, ids} = await preparedBatch('cancelled', 10)
    // Each answer takes 4 s: the worker needs 20 s for all ten, two at a time, and is still at
    // work when `bench cancel` starts, however slowly a loaded machine starts it.
    bench.emulator.faults.add({kind: 'delay', match: {operation: 'chat.completions'}, milliseconds: 4000})
    onTestFinished(() => bench.emulator.faults.clear())
    expect((await labBench(cwd, ['start', name])).code).toBe(0)
    await waitFor(async () => (await answers(cwd, name)).length >= 2, 'two answers', 30_000)
    const cancel = await labBench(cwd, ['cancel', name])
    expect(cancel.code, cancel.stderr).toBe(0)
    expect(cancel.stdout).toMatch(/cancelled \(cancelled with bench cancel\)/)
    const results = await labBench(cwd, ['results', name])
    expect(results.code, results.stderr).toBe(0)
    const lines = await readResults(cwd, name)
    expect(lines.map((line) => line.custom_id).sort()).toEqual(ids)
    const cancelled = lines.filter((line) => line.error?.code === 'cancelled').length
    expect(cancelled).toBeGreaterThan(0)
    expect(cancelled + lines.filter((line) => line.ok).length).toBe(ids.length)
    const again = await labBench(cwd, ['start', name])
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('was cancelled')
  })

  it('bench models lists the endpoint models and checks the key', async () => {
    const {cwd} = await preparedBatch('models', 1)
    const listed = await labBench(cwd, ['models', '--endpoint', 'lab', '--json'])
    expect(listed.code, listed.stderr).toBe(0)
    expect(JSON.parse(listed.stdout)).toMatchObject({endpoint: 'lab', key_variable: 'LAB_KEY', models: matching.arrayContaining(['model-1'])})
    const refused = await labBench(cwd, ['models', '--endpoint', 'lab'], 'bad-key')
    expect(refused.code).toBe(3)
    expect(refused.stderr).toMatch(/the key was refused: check LAB_KEY/)
    const unknown = await labBench(cwd, ['models', '--endpoint', 'nowhere'])
    expect(unknown.stderr).toMatch(/no endpoint named "nowhere": use one of openrouter, ollama, vllm, lab/)
  })
})
