// Benchmarks of the standard benchmarks (bench prepare --benchmark):
// 1. `prepare` of the full MMLU test (14,042 questions, 5-shot) from the original CSV layout,
//    against a baseline measured in the same run: JSON.stringify of the same lines, written to the
//    same disk (the baseline of the Layton prepare benchmark).
// 2. Loading the MMLU test Parquet file from the Hub cache (a file of the real one's shape and
//    size, written here with hyparquet-writer), timed inside a process, and the whole `prepare`
//    from the cache.
import {randomBytes} from 'node:crypto'
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {interleavedRuns, runNode} from './measure.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const bin = join(repo, 'bin/run.js')
const baselineScript = join(repo, 'scripts/bench/stringify-baseline.js')

const SUBJECTS = 57
const QUESTIONS = 14_042

/** Random lower-case words: text that compresses like prose does not, so the Parquet file is no smaller than the real one. */
function wordSource() {
  const pool = randomBytes(1 << 22)
  let at = 0
  const byte = () => pool[at++ % pool.length]
  const word = () => {
    let text = ''
    for (let length = 2 + (byte() % 9); length > 0; length--) text += String.fromCharCode(97 + (byte() % 26))
    return text
  }
  return (count) => Array.from({length: count}, word).join(' ')
}

/** MMLU-sized questions: 57 subjects, 14,042 test questions, 5 dev questions each; question and choice lengths like MMLU's. */
function mmluRows() {
  const words = wordSource()
  const row = (subject) => ({subject, question: `${words(15 + Math.floor(Math.random() * 60))}?`, choices: [words(6), words(8), words(5), words(7)], answer: Math.floor(Math.random() * 4)})
  const subjects = Array.from({length: SUBJECTS}, (_, index) => `subject_${String(index).padStart(2, '0')}`)
  const test = Array.from({length: QUESTIONS}, (_, index) => row(subjects[Math.floor((index * SUBJECTS) / QUESTIONS)]))
  const dev = subjects.flatMap((subject) => Array.from({length: 5}, () => row(subject)))
  return {subjects, test, dev}
}

function csvCell(text) {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

async function writeCsvFolder(folder, rows, split) {
  await mkdir(join(folder, split), {recursive: true})
  const bySubject = Map.groupBy(rows, (row) => row.subject)
  for (const [subject, list] of bySubject) {
    const lines = list.map((row) => [row.question, ...row.choices, 'ABCD'[row.answer]].map(csvCell).join(','))
    await writeFile(join(folder, split, `${subject}_${split}.csv`), lines.join('\n') + '\n')
  }
}

async function writeParquet(path, rows) {
  const {parquetWriteFile} = await import('hyparquet-writer')
  const STRING = {type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL'}
  await mkdir(join(path, '..'), {recursive: true})
  parquetWriteFile({
    filename: path,
    columnData: [
      {name: 'question', data: rows.map((row) => row.question)},
      {name: 'subject', data: rows.map((row) => row.subject)},
      {name: 'choices', data: rows.map((row) => row.choices)},
      {name: 'answer', data: rows.map((row) => BigInt(row.answer))},
    ],
    schema: [
      {name: 'schema', num_children: 4},
      {name: 'question', ...STRING},
      {name: 'subject', ...STRING},
      {name: 'choices', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1},
      {name: 'list', repetition_type: 'REPEATED', num_children: 1},
      {name: 'element', ...STRING},
      {name: 'answer', type: 'INT64', repetition_type: 'OPTIONAL'},
    ],
  })
}

/**
 * Times, inside one process, either the MMLU loader on the cached Parquet file (what `prepare`
 * spends reading, checking and building the questions) or hyparquet's read of the same file
 * alone (the baseline); each in a fresh process, so that neither runs on the other's warm code.
 */
const LOAD_SCRIPT = `
const started = performance.now()
if (process.env.MEASURE === 'loader') {
  const {mmlu} = await import(${JSON.stringify(join(repo, 'dist/core/benchmarks/mmlu.js'))})
  const imported = performance.now()
  const {items} = await mmlu.load({shots: 0, seed: 0})
  console.log(JSON.stringify({questions: items.length, import_ms: imported - started, ms: performance.now() - imported}))
} else {
  const {asyncBufferFromFile, parquetReadObjects} = await import('hyparquet')
  const imported = performance.now()
  const rows = await parquetReadObjects({file: await asyncBufferFromFile(process.env.PARQUET_FILE), rowFormat: 'object'})
  console.log(JSON.stringify({questions: rows.length, import_ms: imported - started, ms: performance.now() - imported}))
}
`

export async function benchBenchmarks({runs = 5} = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-benchmarks-'))
  try {
    const {test, dev} = mmluRows()
    const data = join(dir, 'mmlu')
    await writeCsvFolder(data, test, 'test')
    await writeCsvFolder(data, dev, 'dev')
    const name = 'bench-mmlu-5-shot'
    const prepare = () => runNode([bin, 'prepare', '--benchmark', 'mmlu', '--dataset', data, '--shots', '5', '--provider', 'openai', '--model', 'gpt-4.1', '--name', name], {cwd: dir})
    await prepare()
    const manifest = JSON.parse(await readFile(join(dir, 'processed_files', `${name}.manifest.json`), 'utf8'))
    const shards = manifest.shards.map((shard) => join(dir, shard.file))
    const stringify = async () => {
      const run = await runNode([baselineScript, join(dir, 'baseline.jsonl'), ...shards])
      return {...run, seconds: Number(run.stdout.trim())}
    }
    const [bench, {seconds: baseline}] = await interleavedRuns(runs, [prepare, stringify])

    // The Hub's file in the cache, where `prepare --benchmark mmlu` without --dataset reads it.
    const cache = join(dir, 'cache')
    const parquet = join(cache, 'datasets', 'cais--mmlu', 'main', 'all', 'test-00000-of-00001.parquet')
    await writeParquet(parquet, test)
    const env = {BENCH_CACHE_DIR: cache, HF_ENDPOINT: 'http://127.0.0.1:9', PARQUET_FILE: parquet}
    const measure = (what) => async () => {
      const run = await runNode(['--input-type=module', '-e', LOAD_SCRIPT], {env: {...env, MEASURE: what}, cwd: repo})
      return {...run, ...JSON.parse(run.stdout), seconds: JSON.parse(run.stdout).ms / 1000}
    }
    const [loader, read] = await interleavedRuns(runs, [measure('loader'), measure('read')])
    const fromCache = await interleavedRuns(runs, [() => runNode([bin, 'prepare', '--benchmark', 'mmlu', '--provider', 'openai', '--model', 'gpt-4.1', '--name', 'bench-mmlu-hub'], {cwd: dir, env})])
    const parquetBytes = (await readFile(parquet)).length
    return {
      prepare: {seconds: bench.seconds, baseline, ratio: baseline / bench.seconds, peakMb: bench.peakMb, mb: manifest.bytes / 2 ** 20, requests: manifest.requests},
      parquet: {
        mb: parquetBytes / 2 ** 20,
        questions: loader.questions,
        load_seconds: loader.seconds,
        import_seconds: loader.import_ms / 1000,
        read_seconds: read.seconds,
        prepare_seconds: fromCache[0].seconds,
      },
    }
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}

export function printBenchmarks(result) {
  const {prepare, parquet} = result
  console.log('bench prepare --benchmark mmlu --shots 5 (openai): ratio = baseline time / bench time (target >= 0.5)')
  console.log(
    `  ${prepare.requests} questions from CSV  bench ${prepare.seconds.toFixed(2)} s  baseline ${prepare.baseline.toFixed(2)} s  ratio ${prepare.ratio.toFixed(2)}  peak ${prepare.peakMb.toFixed(0)} MB  output ${prepare.mb.toFixed(0)} MB`,
  )
  console.log('MMLU test Parquet from the Hub cache (target: load < 1 s)')
  console.log(
    `  ${parquet.questions} questions, ${parquet.mb.toFixed(1)} MB  load ${parquet.load_seconds.toFixed(2)} s (read, check, questions built; hyparquet's read alone ${parquet.read_seconds.toFixed(2)} s; module import ${parquet.import_seconds.toFixed(2)} s)  whole prepare ${parquet.prepare_seconds.toFixed(2)} s`,
  )
}
