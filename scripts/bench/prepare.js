// Benchmark of `bench prepare`: 100,000 synthetic text riddles and 5,000 image riddles, against a
// baseline measured in the same run: JSON.stringify of the same lines written to the same disk.
// Also checks that peak memory stays flat between 10,000 and 100,000 riddles (streaming).
import {createWriteStream, readFileSync} from 'node:fs'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {once} from 'node:events'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {interleavedRuns, runNode} from './measure.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const bin = join(repo, 'bin/run.js')
const baselineScript = join(repo, 'scripts/bench/stringify-baseline.js')

/** An 8x8 JPEG: text riddles carry an image, as in the real dataset, but only a small one. */
const TINY_JPEG =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAB//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AQH//2Q=='

/** The bundled sample's images: real JPEGs (2 to 6 KB), so image riddles carry real bytes. */
function sampleImages() {
  const lines = readFileSync(join(repo, 'data/sample/layton_sample.jsonl'), 'utf8').trim().split('\n')
  return lines.map((line) => JSON.parse(line).img)
}

async function writeDataset(path, count, split, images) {
  const out = createWriteStream(path)
  for (let index = 0; index < count; index++) {
    const riddle = {
      id: `${split}-${index}`,
      category: 'Write Answer',
      description: `Riddle ${index}: a farmer has ${index % 97} sheep and all but ${index % 13} run away. How many are left? Explain the trick in the wording, then answer with a number.`,
      url: `https://example.invalid/${index}`,
      picarats: 20 + (index % 40),
      first_hint: 'Read the question again, slowly.',
      second_hint: 'What does "all but" mean?',
      third_hint: null,
      special_hint: 'The answer is in the question.',
      solution: 'All but N run away means N stay.',
      answer: String(index % 13),
      justification: 'The wording says all but N ran away, so N remain.',
      split,
      img: images[index % images.length],
    }
    if (!out.write(JSON.stringify(riddle) + '\n')) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

async function prepare(dir, dataset, split, name) {
  return runNode([bin, 'prepare', '--dataset', dataset, '--split', split, '--provider', 'openai', '--model', 'gpt-4.1', '--hints', '2', '--name', name], {cwd: dir})
}

export async function benchPrepare({runs = 5} = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-prepare-'))
  try {
    const images = sampleImages()
    const cases = [
      {label: '100,000 text riddles', count: 100_000, split: 'llm'},
      {label: '5,000 image riddles', count: 5_000, split: 'vlm'},
      {label: '10,000 text riddles', count: 10_000, split: 'llm'},
    ]
    const rows = []
    for (const item of cases) {
      const dataset = join(dir, `${item.split}-${item.count}.jsonl`)
      await writeDataset(dataset, item.count, item.split, item.split === 'vlm' ? images : [TINY_JPEG])
      const name = `bench-${item.split}-${item.count}`
      // A first run writes the shards the baseline re-serializes; then both are timed in turns.
      await prepare(dir, dataset, item.split, name)
      const manifest = JSON.parse(await readFile(join(dir, 'processed_files', `${name}.manifest.json`), 'utf8'))
      const shards = manifest.shards.map((shard) => join(dir, shard.file))
      const stringify = async () => {
        const run = await runNode([baselineScript, join(dir, 'baseline.jsonl'), ...shards])
        return {...run, seconds: Number(run.stdout.trim())}
      }
      const [bench, {seconds: baseline}] = await interleavedRuns(runs, [() => prepare(dir, dataset, item.split, name), stringify])
      rows.push({...item, seconds: bench.seconds, baseline, ratio: baseline / bench.seconds, peakMb: bench.peakMb, mb: manifest.bytes / 2 ** 20, shards: shards.length})
      await rm(join(dir, 'baseline.jsonl'), {force: true})
    }
    return rows
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}

export function printPrepare(rows) {
  console.log('bench prepare (openai, hints 2): throughput ratio = baseline time / bench time (target >= 0.5), peak RSS (target < 200 MB, flat)')
  for (const row of rows) {
    console.log(
      `  ${row.label.padEnd(22)} bench ${row.seconds.toFixed(2)} s  baseline ${row.baseline.toFixed(2)} s  ratio ${row.ratio.toFixed(2)}  peak ${row.peakMb.toFixed(0)} MB  output ${row.mb.toFixed(0)} MB in ${row.shards} shard(s)`,
    )
  }
}
