// Benchmark of `bench compare`: 20 models x 10,000 riddles x 3 judges (batchling files, answers
// included) compared in one process, target under 5 s; and the HTML report of 20 models x 1,000
// riddles, target under 5 MB.
import {createWriteStream} from 'node:fs'
import {mkdir, mkdtemp, rm} from 'node:fs/promises'
import {once} from 'node:events'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {compareModels} from '../../dist/core/compare/compare.js'
import {Random} from '../../dist/core/score/random.js'
import {renderHtmlReport} from '../../dist/report/html/html-report.js'
import {medianRun, runNode} from './measure.js'

const JUDGES = ['anthropic_claude-opus-4-5', 'gemini_gemini-3-pro-preview', 'mistral_mistral-large-2512']
const bin = new URL('../../bin/run.js', import.meta.url).pathname
const JUSTIFICATION = 'The minute hand gains on the hour hand at eleven twelfths of a turn an hour, so they meet every twelve elevenths of an hour; counting the meetings strictly between noon and midnight leaves out both ends, which gives ten. '.repeat(3)

async function writeLines(file, count, line) {
  const stream = createWriteStream(file)
  let chunk = ''
  for (let index = 0; index < count; index++) {
    chunk += line(index) + '\n'
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk)) await once(stream, 'drain')
      chunk = ''
    }
  }
  stream.end(chunk)
  await once(stream, 'finish')
}

/** batchling answers and judge files of `models` models, each solving a share of the riddles. */
async function writeModels(directory, models, riddles) {
  await mkdir(directory, {recursive: true})
  const random = new Random(7)
  for (let model = 0; model < models; model++) {
    const batch = `openai_model-${model}_llm_hints_0`
    const skill = 0.4 + (0.5 * model) / models
    const truth = Uint8Array.from({length: riddles}, () => (random.float() < skill ? 1 : 0))
    await writeLines(join(directory, `benchmark_${batch}.jsonl`), riddles, (riddle) =>
      JSON.stringify({id: null, custom_id: `riddle-${riddle}`, answer: JSON.stringify({justification: JUSTIFICATION, answer: `answer ${riddle}`}), model: `model-${model}`, original: {}}),
    )
    for (const judge of JUDGES) {
      await writeLines(join(directory, `judge_${batch}_by_${judge}.jsonl`), riddles, (riddle) => {
        const correct = random.float() < 0.93 ? truth[riddle] === 1 : truth[riddle] === 0
        return JSON.stringify({id: null, custom_id: `riddle-${riddle}`, answer: JSON.stringify({is_answer_correct: correct, is_justification_correct: correct}), model: judge, original: {}})
      })
    }
  }
}

export async function benchCompare({models = 20, riddles = 10_000, reportRiddles = 1_000, runs = 3} = {}) {
  const directory = await mkdtemp(join(tmpdir(), 'bench-compare-'))
  try {
    const large = join(directory, 'large')
    const small = join(directory, 'small')
    await writeModels(large, models, riddles)
    await writeModels(small, models, reportRiddles)
    const options = {field: 'both_correct', resamples: 10_000, seed: 0}
    const inProcess = await medianRun(runs, async () => {
      const started = performance.now()
      await compareModels({...options, paths: [large]})
      return {seconds: (performance.now() - started) / 1000, peakMb: Number.NaN}
    })
    const command = await medianRun(runs, () => runNode([bin, 'compare', large, '--format', 'json', '--out', join(directory, 'out.json')]))
    const comparison = await compareModels({...options, paths: [small], answers: true})
    const htmlBytes = Buffer.byteLength(renderHtmlReport(comparison))
    return {models, riddles, reportRiddles, seconds: inProcess.seconds, commandSeconds: command.seconds, peakMb: command.peakMb, htmlBytes}
  } finally {
    await rm(directory, {recursive: true, force: true})
  }
}

export function printCompare(row) {
  console.log(`bench compare on ${row.models} models x ${row.riddles.toLocaleString('en')} riddles x 3 judges, 10,000 resamples (target < 5 s)`)
  console.log(`  in process ${row.seconds.toFixed(2)} s  whole command ${row.commandSeconds.toFixed(2)} s  peak ${row.peakMb.toFixed(0)} MB`)
  console.log(`  HTML report of ${row.models} models x ${row.reportRiddles.toLocaleString('en')} riddles: ${(row.htmlBytes / 1024 / 1024).toFixed(2)} MB (target < 5 MB)`)
}
