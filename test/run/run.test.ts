import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {scratchDir} from '../support/cli.js'
import {KEY_VARIABLES, createCount, sampleIds, startBenchEmulator, type BenchEmulator} from '../support/emulator.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import {PROVIDER_NAMES} from '../../src/providers/names.js'
import type {ProviderName} from '../../src/providers/names.js'

const RIDDLES = 4
const NAME = 'benchmark_openai_gpt-4-1_full_hints_0'
const RUN = ['run', '--dataset', SAMPLE_DATASET_PATH, '--split', 'full', '--limit', String(RIDDLES), '--provider', 'openai', '--model', 'gpt-4.1', '--poll-seconds', '1']
/** The default panel for an OpenAI model: every vendor but OpenAI's judge and Together/Groq. */
const USED: ProviderName[] = ['openai', 'gemini', 'anthropic', 'mistral']

interface Printed {
  state: string
  score?: {score: number; '95% CI (±)': number}
}

/** A key per vendor that no file could hold by chance: the baseline run uses these. */
const KEYS = Object.fromEntries(Object.values(KEY_VARIABLES).map((variable) => [variable, `scan-${variable.toLowerCase()}-5f1c9e`]))

async function runToEnd(bench: BenchEmulator, cwd: string, args: string[] = RUN, keys: Record<string, string> = {}): Promise<Printed> {
  const result = await bench.bench(cwd, [...args, '--json'], keys)
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as Printed
}

/** One batch per vendor used, each request run once: nothing was sent twice. */
async function expectNothingSentTwice(bench: BenchEmulator): Promise<void> {
  for (const provider of PROVIDER_NAMES) expect(createCount(bench.emulator, provider), provider).toBe(USED.includes(provider) ? 1 : 0)
  for (const provider of USED) {
    expect(bench.emulator.executed(provider).map((line) => line.custom_id).sort(), provider).toEqual(await sampleIds(RIDDLES))
  }
}

async function withEmulator<T>(work: (bench: BenchEmulator) => Promise<T>, batchSeconds = 0): Promise<T> {
  const bench = await startBenchEmulator({batchSeconds})
  try {
    return await work(bench)
  } finally {
    await bench.close()
  }
}

const baseline = withEmulator(async (bench) => {
  const cwd = await scratchDir()
  const printed = await runToEnd(bench, cwd, RUN, KEYS)
  await expectNothingSentTwice(bench)
  return {score: printed.score!, cwd}
})

describe('bench run', () => {
  it('runs the whole job: prediction, three judges, score', async () => {
    const {score} = await baseline
    expect(score.score).toBeGreaterThanOrEqual(0)
    expect(score['95% CI (±)']).toBeGreaterThan(0)
  })

  it('writes no key to any file: records, requests, results, logs', async () => {
    const {cwd} = await baseline
    const files = (await readdir(cwd, {recursive: true, withFileTypes: true})).filter((entry) => entry.isFile())
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) {
      const text = await readFile(join(file.parentPath, file.name), 'latin1')
      for (const key of Object.values(KEYS)) expect(text.includes(key), `${file.name} holds ${key}`).toBe(false)
    }
  })

  // Before anything is sent, inside the prediction's start, after its results, between two judge
  // starts, and after the verdicts are in.
  describe.concurrent('killed, then run again: the same score, and no batch sent twice', () => {
    it.each(['run:prepared', 'start:shard-submitted', 'run:predictions-collected', 'run:judge-started', 'run:judges-collected'])('at %s', async (point) =>
      withEmulator(async (bench) => {
        const cwd = await scratchDir()
        const killed = await bench.bench(cwd, RUN, {BENCH_CRASH_AT: point})
        expect(killed.signal).toBe('SIGKILL')
        const resumed = await runToEnd(bench, cwd)
        expect(resumed.state).toBe('done')
        expect(resumed.score).toEqual((await baseline).score)
        await expectNothingSentTwice(bench)
      }),
    )
  })

  it('--detach submits and exits; --resume finishes the run', async () =>
    withEmulator(async (bench) => {
      const cwd = await scratchDir()
      const detached = await bench.bench(cwd, [...RUN, '--detach'])
      expect(detached.code, detached.stderr).toBe(0)
      expect(detached.stdout).toContain(`Run ${NAME}: batches still running. Continue with: bench run --resume ${NAME}`)
      expect(detached.stderr).toMatch(new RegExp(`^${NAME} {2}(validating|running|queued) · \\d/${RIDDLES} succeeded · 0 failed · elapsed \\d+s · expires in (23h 59m|24h 00m)$`, 'm'))
      expect(createCount(bench.emulator, 'openai')).toBe(1)

      const other = await bench.bench(cwd, [...RUN, '--hints', '0', '--max-attempts', '2'])
      expect(other.code).toBe(2)
      expect(other.stderr).toBe(
        `Error: run "${NAME}" was begun with other settings: max_attempts (was 3, now 2); continue it with \`bench run --resume ${NAME}\`, or pass --name for a new run\n`,
      )

      const finished = await bench.bench(cwd, ['run', '--resume', NAME, '--poll-seconds', '1'])
      expect(finished.code, finished.stderr).toBe(0)
      expect(finished.stdout).toContain(`Run ${NAME} finished`)
      expect(finished.stdout).toMatch(/predictions\s+4\/4 succeeded/)
      const {score} = await baseline
      expect(finished.stdout).toContain(`{"score": ${score.score.toFixed(1)}, "95% CI (±)": ${score['95% CI (±)'].toFixed(1)}}`)
      await expectNothingSentTwice(bench)
    }, 1),
  )

  it('resubmits transient failures until every request has an answer', async () =>
    withEmulator(async (bench) => {
      const cwd = await scratchDir()
      bench.emulator.faults.add({kind: 'line-error', provider: 'openai', every: 2, status: 500, times: 1})
      bench.emulator.faults.add({kind: 'expire', provider: 'gemini', fraction: 0.5, times: 1})
      const printed = await runToEnd(bench, cwd)
      expect(printed.score).toEqual((await baseline).score)
      expect(createCount(bench.emulator, 'openai')).toBe(2)
      expect(createCount(bench.emulator, 'gemini')).toBe(2)
    }),
  )
})
