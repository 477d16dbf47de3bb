// Benchmark of `bench get NAME` cold start, per vendor, as a ratio to `bench --version` measured
// in the same run (target <= 1.3). Each run is a new process, as under `watch -n 2 bench get`.
// The emulator runs in this process, on loopback, answering instantly.
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {median, runNode} from './measure.js'
import {startEmulator} from '../../dist/emulator/index.js'
import {PROVIDER_NAMES} from '../../dist/providers/names.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const bin = join(repo, 'bin/run.js')
const sample = join(repo, 'data/sample/layton_sample.jsonl')
const keys = {OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k', GEMINI_API_KEY: 'k', MISTRAL_API_KEY: 'k', TOGETHER_API_KEY: 'k', GROQ_API_KEY: 'k'}

async function medianSeconds(runs, args, options) {
  const seconds = []
  for (let index = 0; index < runs; index++) seconds.push((await runNode(args, options)).seconds)
  return median(seconds)
}

export async function benchGetStartup({runs = 15} = {}) {
  const emulator = await startEmulator({batchSeconds: 0})
  const dir = await mkdtemp(join(tmpdir(), 'bench-get-'))
  const options = {cwd: dir, env: {...emulator.env(), ...keys}}
  try {
    for (const provider of PROVIDER_NAMES) {
      const name = `get-${provider}`
      await runNode([bin, 'prepare', '--dataset', sample, '--provider', provider, '--model', 'm', '--max-tokens', '1000', '--name', name], options)
      await runNode([bin, 'start', name], options)
      await runNode([bin, 'get', name], options) // the first run fills Node's compile cache
    }
    const version = await medianSeconds(runs, [bin, '--version'], options)
    const rows = []
    for (const provider of PROVIDER_NAMES) {
      const seconds = await medianSeconds(runs, [bin, 'get', `get-${provider}`], options)
      rows.push({provider, seconds, ratio: seconds / version})
    }
    return {version, rows}
  } finally {
    await emulator.close()
    await rm(dir, {recursive: true, force: true})
  }
}

export function printGetStartup({version, rows}) {
  console.log(`bench get NAME cold start: median of 15 runs, ratio to \`bench --version\` (${(version * 1000).toFixed(0)} ms) (target <= 1.3)`)
  for (const row of rows) console.log(`  ${row.provider.padEnd(10)} ${(row.seconds * 1000).toFixed(0).padStart(4)} ms  ratio ${row.ratio.toFixed(2)}`)
}
