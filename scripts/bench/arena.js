// Benchmark of `bench arena ratings --battles` (`npm run bench -- arena`): 1,000,000 battles among
// 100 models in Chatbot Arena's layout, rated with 1,000 bootstrap replicates, against the time to
// read and JSON-parse the same file alone, each in a new process, in turns, in this run. The
// ratio is taken in each round (the two runs a few seconds apart, under the same load) and the
// median of the rounds' ratios is reported, with the ratio of CPU times (user + system), which
// the machine's other work does not inflate. Target: the whole command within 3x of reading and parsing.
import {createWriteStream} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import {once} from 'node:events'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {median, readAndParseFiles, runNode} from './measure.js'
import {Random} from '../../dist/core/score/random.js'

const ROUNDS = 5
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
    const rounds = []
    for (let round = 0; round < ROUNDS; round++) {
      const baseline = await readAndParseFiles([file])
      const command = await runNode([join(repository, 'bin/run.js'), 'arena', 'ratings', '--battles', file, '--resamples', '1000', '--json'], {cwd: directory})
      rounds.push({baseline: baseline.seconds, command: command.seconds, ratio: command.seconds / baseline.seconds, cpuRatio: command.cpuSeconds / baseline.cpuSeconds})
    }
    const middle = (key) => median(rounds.map((round) => round[key]))
    return {rounds, baseline: middle('baseline'), command: middle('command'), ratio: middle('ratio'), cpuRatio: middle('cpuRatio')}
  } finally {
    await rm(directory, {recursive: true, force: true})
  }
}

export function printArena(result) {
  console.log(`arena ratings, ${BATTLES.toLocaleString('en')} battles among ${MODELS} models, 1,000 bootstrap replicates (${ROUNDS} rounds, in turns):`)
  for (const [index, round] of result.rounds.entries()) {
    console.log(`  round ${index + 1}: read + JSON.parse ${round.baseline.toFixed(2)} s, bench arena ratings --battles ${round.command.toFixed(2)} s, ratio ${round.ratio.toFixed(2)} (CPU time ratio ${round.cpuRatio.toFixed(2)})`)
  }
  console.log(`  medians: read + JSON.parse ${result.baseline.toFixed(2)} s, command ${result.command.toFixed(2)} s; median ratio ${result.ratio.toFixed(2)} (target <= 3), of CPU time ${result.cpuRatio.toFixed(2)}`)
}
