import {readFile} from 'node:fs/promises'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {parquetWriteBuffer, type ColumnSource} from 'hyparquet-writer'
import {afterAll, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest'

import {FIXTURES, inScratchDirectory} from './support.js'
import type {BenchmarkItem, LoadContext} from '../../src/core/benchmarks/benchmark.js'
import {loadBenchmark} from '../../src/core/benchmarks/registry.js'
import {readRows} from '../../src/core/benchmarks/sources.js'

/**
 * A loopback Hugging Face Hub serving each benchmark's files at the paths of data/benchmarks.json,
 * in the Hub's layouts: Parquet written here from the shared samples (the columns the Hub copies
 * have), JSONL as it is. The loaders must give the same questions from it as from the sample files.
 */
const files = new Map<string, Uint8Array>()
const requested: string[] = []
let server: Server
const scratch = inScratchDirectory()

beforeAll(async () => {
  server = createServer((request, response) => {
    requested.push(request.url ?? '')
    const body = files.get(request.url ?? '')
    if (body === undefined) return void response.writeHead(404).end('Entry not found')
    response.writeHead(200).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  await serveSamples()
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  vi.stubEnv('HF_ENDPOINT', `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  vi.stubEnv('BENCH_CACHE_DIR', join(scratch.path, 'cache'))
  return () => vi.unstubAllEnvs()
})

const STRING = {type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL'} as const
const list = (name: string, element: Record<string, unknown>) => [
  {name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1},
  {name: 'list', repetition_type: 'REPEATED', num_children: 1},
  {name: 'element', ...element},
]

function parquet(columns: ColumnSource[], schema: Record<string, unknown>[]): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({columnData: columns, schema: [{name: 'schema', num_children: columns.length}, ...schema] as never}))
}

function serve(repository: string, revision: string, path: string, body: Uint8Array | string): void {
  files.set(`/datasets/${repository}/resolve/${encodeURIComponent(revision)}/${path}`, typeof body === 'string' ? new TextEncoder().encode(body) : body)
}

async function values(path: string, format: 'jsonl' | 'json' | 'csv' | 'csv-with-header'): Promise<Record<string, unknown>[]> {
  return (await readRows(join(FIXTURES, path), format)).map((row) => row.value as Record<string, unknown>)
}

async function serveSamples(): Promise<void> {
  const mmlu: {subject: string; cells: string[]}[] = []
  for (const subject of ['abstract_algebra', 'anatomy', 'astronomy']) {
    for (const cells of (await values(`mmlu/data/test/${subject}_test.csv`, 'csv')) as unknown as string[][]) mmlu.push({subject, cells})
  }
  serve('cais/mmlu', 'main', 'all/test-00000-of-00001.parquet', parquet(
    [
      {name: 'question', data: mmlu.map((row) => row.cells[0])},
      {name: 'subject', data: mmlu.map((row) => row.subject)},
      {name: 'choices', data: mmlu.map((row) => row.cells.slice(1, 5))},
      {name: 'answer', data: mmlu.map((row) => BigInt('ABCD'.indexOf(row.cells[5]!)))},
    ],
    [{name: 'question', ...STRING}, {name: 'subject', ...STRING}, ...list('choices', STRING), {name: 'answer', type: 'INT64', repetition_type: 'OPTIONAL'}],
  ))

  const gsm8k = await values('gsm8k/test_sample.jsonl', 'jsonl')
  serve('openai/gsm8k', 'main', 'main/test-00000-of-00001.parquet', parquet(
    [{name: 'question', data: gsm8k.map((row) => row.question)}, {name: 'answer', data: gsm8k.map((row) => row.answer)}],
    [{name: 'question', ...STRING}, {name: 'answer', ...STRING}],
  ))

  const truthful = JSON.parse(await readFile(join(FIXTURES, 'truthfulqa/mc_task_sample.json'), 'utf8')) as {question: string; mc1_targets: Record<string, number>}[]
  serve('truthfulqa/truthful_qa', 'main', 'multiple_choice/validation-00000-of-00001.parquet', parquet(
    [
      {name: 'question', data: truthful.map((row) => row.question)},
      {name: 'mc1_targets', data: truthful.map((row) => ({choices: Object.keys(row.mc1_targets), labels: Object.values(row.mc1_targets)}))},
    ],
    [
      {name: 'question', ...STRING},
      {name: 'mc1_targets', repetition_type: 'OPTIONAL', num_children: 2},
      ...list('choices', STRING),
      ...list('labels', {type: 'INT32', repetition_type: 'OPTIONAL'}),
    ],
  ))

  // The Hub's HellaSwag (its Parquet conversion) writes `label` as a string and numbers rows by `ind`.
  const hellaswag = await values('hellaswag/val_sample.jsonl', 'jsonl')
  serve('Rowan/hellaswag', 'refs/convert/parquet', 'default/validation/0000.parquet', parquet(
    [
      {name: 'ind', data: hellaswag.map((row) => row.idx as number)},
      {name: 'ctx', data: hellaswag.map((row) => row.ctx)},
      {name: 'endings', data: hellaswag.map((row) => row.endings)},
      {name: 'label', data: hellaswag.map((row) => String(row.label))},
    ],
    [{name: 'ind', type: 'INT32', repetition_type: 'OPTIONAL'}, {name: 'ctx', ...STRING}, ...list('endings', STRING), {name: 'label', ...STRING}],
  ))

  const xstest = await values('xstest/xstest_prompts_sample.csv', 'csv-with-header')
  serve('walledai/XSTest', 'main', 'data/train-00000-of-00001.parquet', parquet(
    ['prompt', 'focus', 'type', 'note', 'label'].map((name) => ({name, data: xstest.map((row) => row[name])})),
    ['prompt', 'focus', 'type', 'note', 'label'].map((name) => ({name, ...STRING})),
  ))

  serve('GBaker/MedQA-USMLE-4-options', 'main', 'phrases_no_exclude_test.jsonl', await readFile(join(FIXTURES, 'medqa/medqa_sample.jsonl'), 'utf8'))
  // BBQ's eleven category files: Religion holds the sample, the others are empty here.
  for (const category of ['Age', 'Disability_status', 'Gender_identity', 'Nationality', 'Physical_appearance', 'Race_ethnicity', 'Race_x_SES', 'Race_x_gender', 'Religion', 'SES', 'Sexual_orientation']) {
    serve('heegyu/bbq', 'main', `data/${category}.jsonl`, category === 'Religion' ? await readFile(join(FIXTURES, 'bbq/Religion_sample.jsonl'), 'utf8') : '')
  }
}

const local: Record<string, string> = {
  mmlu: 'mmlu/data',
  gsm8k: 'gsm8k/test_sample.jsonl',
  'truthfulqa-mc1': 'truthfulqa/mc_task_sample.json',
  hellaswag: 'hellaswag/val_sample.jsonl',
  xstest: 'xstest/xstest_prompts_sample.csv',
  medqa: 'medqa/medqa_sample.jsonl',
  bbq: 'bbq/Religion_sample.jsonl',
}

/** What a question asks and how it is graded; ids aside, where the two layouts number rows differently. */
function asked(items: readonly BenchmarkItem[], withIds: boolean) {
  return items.map((item) => ({...(withIds && {id: item.id}), group: item.group, system: item.system, text: item.text, schema: item.schema, key: item.key}))
}

describe('each benchmark from a loopback Hub', () => {
  const context: LoadContext = {shots: 0, seed: 3}

  it.each(Object.keys(local))('%s: the Hub copy gives the questions of the original files', async (name) => {
    requested.length = 0
    const benchmark = await loadBenchmark(name)
    const fromHub = await benchmark.load(context)
    const fromFiles = await benchmark.load({...context, datasetPath: join(FIXTURES, local[name]!)})
    // HellaSwag's sample numbers rows by `idx`, XSTest's CSV skips ids 21 to 25: only there do ids differ.
    const sameIds = !['hellaswag', 'xstest'].includes(name)
    expect(asked(fromHub.items, sameIds)).toEqual(asked(fromFiles.items, sameIds))
    expect(fromHub.items.length).toBeGreaterThan(0)
    expect(requested.length).toBeGreaterThan(0)

    // Cached: a second load makes no request.
    requested.length = 0
    await benchmark.load(context)
    expect(requested).toEqual([])
  })
})
