// Benchmark of `bench score` (`npm run bench -- score`): the calibrated score with 10,000
// resamples on 186 riddles, and the plain jury mean on 1,000,000 riddles judged by 3 judges,
// against the time to read and JSON-parse the same judge files alone, measured in this run.
// Target: the whole command within 1.5x of reading and parsing at 1,000,000 riddles.
import {createWriteStream} from 'node:fs'
import {mkdir, mkdtemp, rm} from 'node:fs/promises'
import {once} from 'node:events'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {interleavedRuns, readAndParseFiles, runNode} from './measure.js'
import {Random} from '../../dist/core/score/random.js'
import {scoreJudgeFiles} from '../../dist/core/score/score.js'

const ROUNDS = 5
const JUDGES = ['anthropic_claude-opus-4-5', 'gemini_gemini-3-pro-preview', 'mistral_mistral-large-2512']
const repository = new URL('../..', import.meta.url).pathname

/** One judge file in batchling's format; each judge agrees with a hidden truth 90% of the time. */
async function writeJudgeFiles(directory, riddles, seed) {
  await mkdir(directory, {recursive: true})
  const random = new Random(seed)
  const truth = Uint8Array.from({length: riddles}, () => (random.float() < 0.7 ? 1 : 0))
  const files = []
  for (const judge of JUDGES) {
    const file = join(directory, `judge_openai_gpt-x_llm_hints_0_by_${judge}.jsonl`)
    const stream = createWriteStream(file)
    let chunk = ''
    for (let riddle = 0; riddle < riddles; riddle++) {
      const correct = random.float() < 0.9 ? truth[riddle] === 1 : truth[riddle] === 0
      const answer = JSON.stringify({is_answer_correct: correct, is_justification_correct: correct || random.float() < 0.1})
      chunk += JSON.stringify({id: `batch_req_${riddle}`, custom_id: `riddle-${riddle}`, answer, model: judge, original: {}}) + '\n'
      if (chunk.length > 1 << 20) {
        if (!stream.write(chunk)) await once(stream, 'drain')
        chunk = ''
      }
    }
    stream.end(chunk)
    await once(stream, 'finish')
    files.push(file)
  }
  return files
}

/** A calibration pool of 600 labelled rows of another provider, judges right 90% of the time. */
async function writeCalibration(directory) {
  const random = new Random(99)
  const file = join(directory, 'ppi_llm.jsonl')
  const lines = []
  for (let row = 0; row < 600; row++) {
    const human = random.float() < 0.7
    const line = {riddle_id: `r${row}`, provider: 'gemini', model: 'm', human_answer_correct: human, human_justification_correct: human, human_both_correct: human}
    for (const judge of ['claude-opus-4-5', 'gemini-3-pro-preview', 'mistral-large-2512']) {
      const verdict = random.float() < 0.9 ? human : !human
      Object.assign(line, {[`is_answer_correct_${judge}`]: verdict, [`is_justification_correct_${judge}`]: verdict, [`both_correct_${judge}`]: verdict})
    }
    lines.push(JSON.stringify(line))
  }
  const stream = createWriteStream(file)
  stream.end(lines.join('\n') + '\n')
  await once(stream, 'finish')
  return file
}

async function seconds(action) {
  const start = performance.now()
  await action()
  return (performance.now() - start) / 1000
}

const directory = await mkdtemp(join(tmpdir(), 'bench-score-'))
try {
  const small = await writeJudgeFiles(join(directory, '186'), 186, 1)
  const calibration = await writeCalibration(directory)
  const calibrated = await seconds(() => scoreJudgeFiles({judgeFiles: small, field: 'both_correct', calibration, resamples: 10_000, seed: 0}))
  console.log(`calibrated, 186 riddles x 3 judges, 10,000 resamples (with per-judge, agreement, leave-one-out): ${calibrated.toFixed(3)} s`)

  const large = await writeJudgeFiles(directory, 1_000_000, 2)
  const options = {judgeFiles: large, field: 'both_correct', resamples: 10_000, seed: 0}
  // The baseline and the command each in a new process, in turns with the library call in this one.
  const [baseline, core, cli] = await interleavedRuns(ROUNDS, [
    () => readAndParseFiles(large),
    async () => ({seconds: await seconds(() => scoreJudgeFiles(options))}),
    () => runNode([join(repository, 'bin/run.js'), 'score', '--judge-files', ...large], {cwd: repository}),
  ])
  console.log(`jury mean, 1,000,000 riddles x 3 judges (median of ${ROUNDS} rounds):`)
  console.log(`  reading + JSON-parsing the judge files alone: ${baseline.seconds.toFixed(2)} s`)
  console.log(`  scoreJudgeFiles (in process):                 ${core.seconds.toFixed(2)} s  ratio ${(core.seconds / baseline.seconds).toFixed(2)}`)
  console.log(`  bench score (whole command, new process):     ${cli.seconds.toFixed(2)} s  ratio ${(cli.seconds / baseline.seconds).toFixed(2)} (target <= 1.5)`)
} finally {
  await rm(directory, {recursive: true, force: true})
}
