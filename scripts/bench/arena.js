// Benchmark of `bench arena ratings --battles` (`npm run bench -- arena`): 1,000,000 battles among
// 100 models in Chatbot Arena's layout, rated with 1,000 bootstrap replicates, against the time to
// read and JSON-parse the same file alone, each in a new process, in turns, in this run.
// Target: the whole command within 3x of reading and parsing.
import {createWriteStream} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import {once} from 'node:events'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {interleavedRuns, readAndParseFiles, runNode} from './measure.js'
import {Random} from '../../dist/core/score/random.js'

const ROUNDS = 3
const BATTLES = 1_000_000
const MODELS = 100
const repository = new URL('../..', import.meta.url).pathname

/** Battles drawn from known strengths (800 to 1394 Elo), 10% ties, with the fields a public log has. */
async function writeBattles(file) {
  const random = new Random(1)
  const stream = createWriteStream(file)
  let chunk = ''
  for (let battle = 0; battle < BATTLES; battle++) {
    const a = Math.floor(random.float() * MODELS)
    let b = Math.floor(random.float() * (MODELS - 1))
    if (b >= a) b += 1
    const win = 1 / (1 + 10 ** ((b - a) * 6 / 400))
    const draw = random.float()
    const winner = draw < 0.1 ? 'tie' : draw < 0.1 + 0.9 * win ? 'model_a' : 'model_b'
    chunk += JSON.stringify({model_a: `model-${a}`, model_b: `model-${b}`, winner, judge: `voter-${battle % 5000}`, tstamp: 1_700_000_000 + battle, question_id: `q${battle % 20_000}`, turn: 1}) + '\n'
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk)) await once(stream, 'drain')
      chunk = ''
    }
  }
  stream.end(chunk)
  await once(stream, 'finish')
}

export async function benchArena() {
  const directory = await mkdtemp(join(tmpdir(), 'bench-arena-'))
  try {
    const file = join(directory, 'battles.jsonl')
    await writeBattles(file)
    const [baseline, cli] = await interleavedRuns(ROUNDS, [
      () => readAndParseFiles([file]),
      () => runNode([join(repository, 'bin/run.js'), 'arena', 'ratings', '--battles', file, '--resamples', '1000', '--json'], {cwd: directory}),
    ])
    return {baseline: baseline.seconds, command: cli.seconds}
  } finally {
    await rm(directory, {recursive: true, force: true})
  }
}

export function printArena(result) {
  console.log(`arena ratings, ${BATTLES.toLocaleString('en')} battles among ${MODELS} models, 1,000 bootstrap replicates (median of ${ROUNDS} rounds):`)
  console.log(`  reading + JSON-parsing the battles file alone: ${result.baseline.toFixed(2)} s`)
  console.log(`  bench arena ratings --battles (new process):   ${result.command.toFixed(2)} s  ratio ${(result.command / result.baseline).toFixed(2)} (target <= 3)`)
}
