// Benchmark of `bench get NAME` cold start, per vendor, as a ratio to `bench --version` measured
// in the same run (target <= 1.3). Each run is a new process, as under `watch -n 2 bench get`.
// The emulator runs in this process, on loopback, answering instantly.
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {interleavedRuns, runNode} from './measure.js'
import {startEmulator} from '../../dist/emulator/index.js'
import {PROVIDER_NAMES} from '../../dist/providers/names.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const bin = join(repo, 'bin/run.js')
const sample = join(repo, 'data/sample/layton_sample.jsonl')
const keys = {OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k', GEMINI_API_KEY: 'k', MISTRAL_API_KEY: 'k', TOGETHER_API_KEY: 'k', GROQ_API_KEY: 'k'}

export async function benchGetStartup({runs = 21} = {}) {
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
    const commands = [[bin, '--version'], ...PROVIDER_NAMES.map((provider) => [bin, 'get', `get-${provider}`])]
    const [version, ...gets] = (await interleavedRuns(runs, commands.map((args) => () => runNode(args, options)))).map((run) => run.seconds)
    return {runs, version, rows: PROVIDER_NAMES.map((provider, index) => ({provider, seconds: gets[index], ratio: gets[index] / version}))}
  } finally {
    await emulator.close()
    await rm(dir, {recursive: true, force: true})
  }
}

export function printGetStartup({runs, version, rows}) {
  console.log(`bench get NAME cold start: median of ${runs} interleaved runs, ratio to \`bench --version\` (${(version * 1000).toFixed(0)} ms) (target <= 1.3)`)
  for (const row of rows) console.log(`  ${row.provider.padEnd(10)} ${(row.seconds * 1000).toFixed(0).padStart(4)} ms  ratio ${row.ratio.toFixed(2)}`)
}
