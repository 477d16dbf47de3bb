// Benchmark of `bench results NAME` on a 200,000-request batch (4 OpenAI shards of 50,000), against
// a baseline measured in the same run that only reads and JSON-parses the same vendor output
// files. Targets: ratio (baseline / bench) >= 0.5, peak memory under 250 MB.
import {createWriteStream} from 'node:fs'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {once} from 'node:events'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {interleavedRuns, readAndParseFiles, runNode} from './measure.js'
import {startEmulator} from '../../dist/emulator/index.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const bin = join(repo, 'bin/run.js')
const TINY_JPEG =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAB//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AQH//2Q=='

async function writeDataset(path, count) {
  const out = createWriteStream(path)
  for (let index = 0; index < count; index++) {
    const riddle = {id: `r-${index}`, category: 'Write Answer', description: `Riddle ${index}: how many sheep are left?`, url: 'https://example.invalid/r', picarats: 10, first_hint: null, second_hint: null, third_hint: null, special_hint: null, solution: null, answer: '3', justification: 'Because.', split: 'llm', img: TINY_JPEG}
    if (!out.write(JSON.stringify(riddle) + '\n')) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

export async function benchResults({requests = 200_000, runs = 7} = {}) {
  const emulator = await startEmulator({batchSeconds: 0})
  const dir = await mkdtemp(join(tmpdir(), 'bench-results-'))
  const options = {cwd: dir, env: {...emulator.env(), OPENAI_API_KEY: 'k'}}
  try {
    const dataset = join(dir, 'dataset.jsonl')
    await writeDataset(dataset, requests)
    await runNode([bin, 'prepare', '--dataset', dataset, '--provider', 'openai', '--model', 'gpt-4.1', '--name', 'big'], options)
    await runNode([bin, 'start', 'big'], options)
    await runNode([bin, 'get', 'big'], options)
    // The vendor files, downloaded once for the baseline.
    const manifest = JSON.parse(await readFile(join(dir, 'processed_files/big.manifest.json'), 'utf8'))
    const files = []
    for (const [index, shard] of manifest.shards.entries()) {
      const batch = await (await fetch(`${emulator.env().OPENAI_BASE_URL}/batches/${shard.remote.batch_id}`, {headers: {authorization: 'Bearer k'}})).json()
      const content = await (await fetch(`${emulator.env().OPENAI_BASE_URL}/files/${batch.output_file_id}/content`, {headers: {authorization: 'Bearer k'}})).text()
      files.push(join(dir, `output-${index}.jsonl`))
      await writeFile(files.at(-1), content)
    }
    const [bench, baseline] = await interleavedRuns(runs, [() => runNode([bin, 'results', 'big'], options), () => readAndParseFiles(files)])
    return {requests, shards: files.length, seconds: bench.seconds, baseline: baseline.seconds, ratio: baseline.seconds / bench.seconds, peakMb: bench.peakMb}
  } finally {
    await emulator.close()
    await rm(dir, {recursive: true, force: true})
  }
}

export function printResults(row) {
  console.log(`bench results on ${row.requests.toLocaleString('en')} requests (${row.shards} shards): ratio = read+parse baseline / bench (target >= 0.5), peak RSS (target < 250 MB)`)
  console.log(`  bench ${row.seconds.toFixed(2)} s  baseline ${row.baseline.toFixed(2)} s  ratio ${row.ratio.toFixed(2)}  peak ${row.peakMb.toFixed(0)} MB`)
}
