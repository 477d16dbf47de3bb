import {readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {runBench, scratchDir} from '../support/cli.js'
import type {BatchManifest} from '../../src/core/batch/manifest.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import {PROVIDER_NAMES} from '../../src/providers/names.js'

const sampleLines = (await readFile(SAMPLE_DATASET_PATH, 'utf8')).trim().split('\n')
const firstRiddle = () => JSON.parse(sampleLines[0]!) as Record<string, unknown>
const withField = (field: string, value: unknown) => JSON.stringify({...firstRiddle(), [field]: value})
const without = (field: string) => {
  const riddle = firstRiddle()
  delete riddle[field]
  return JSON.stringify(riddle)
}

/** Only the flags each case varies; every case also gets a dataset unless it brings its own. */
interface BadCase {
  title: string
  args: string[]
  /** Lines of the dataset file written for this case (default: the sample, untouched). */
  dataset?: string[]
  message: RegExp
}

const base = ['prepare', '--provider', 'openai', '--model', 'gpt-4.1']
const badCases: BadCase[] = [
  {title: 'no --provider', args: ['prepare', '--model', 'm'], message: /Missing required flag provider/},
  {title: 'no --model', args: ['prepare', '--provider', 'openai'], message: /Missing required flag model/},
  {title: 'unknown provider', args: ['prepare', '--provider', 'acme', '--model', 'm'], message: /--provider=acme to be one of: openai, anthropic, gemini, mistral, together, groq/},
  {title: '--hints above 4', args: [...base, '--hints', '5'], message: /--hints .*less than or equal to 4/},
  {title: '--hints below 0', args: [...base, '--hints', '-1'], message: /--hints .*greater than or equal to 0/},
  {title: 'unknown --split', args: [...base, '--split', 'all'], message: /--split=all to be one of: llm, vlm, full/},
  {title: 'both thinking flags', args: [...base, '--thinking-level', 'high', '--thinking-budget', '1024'], message: /cannot also be provided when using/},
  {title: 'anthropic without --max-tokens', args: ['prepare', '--provider', 'anthropic', '--model', 'claude-sonnet-4-5'], message: /^anthropic requires a token limit on every request: pass --max-tokens/},
  {title: 'a thinking level on anthropic', args: ['prepare', '--provider', 'anthropic', '--model', 'c', '--max-tokens', '4000', '--thinking-level', 'high'], message: /anthropic takes a thinking budget, not a level: use --thinking-budget/},
  {title: 'a thinking budget on openai', args: [...base, '--thinking-budget', '2048'], message: /openai takes a thinking level, not a budget: use --thinking-level/},
  {title: '--limit 0', args: [...base, '--limit', '0'], message: /--limit .*greater than or equal to 1/},
  {title: 'a batch name with a slash', args: [...base, '--name', '../escape'], message: /^invalid batch name "..\/escape"/},
  {title: 'a dataset file that does not exist', args: [...base, '--dataset', 'missing.jsonl'], message: /dataset file not found: .*missing\.jsonl; check the path given to --dataset/},
  {title: 'a line that is not JSON', args: base, dataset: [sampleLines[0]!, '{"id": '], message: /dataset\.jsonl:2: not valid JSON/},
  {title: 'a missing field', args: base, dataset: [without('answer')], message: /dataset\.jsonl:1: field "answer": missing/},
  {title: 'picarats of the wrong type', args: base, dataset: [withField('picarats', 'thirty')], message: /dataset\.jsonl:1: field "picarats": must be a number or null/},
  {title: 'a hint of the wrong type', args: base, dataset: [withField('first_hint', 3)], message: /dataset\.jsonl:1: field "first_hint"/},
  {title: 'an unknown split value in the file', args: base, dataset: [withField('split', 'mlm')], message: /dataset\.jsonl:1: field "split"/},
  {title: 'an img that is not base64', args: base, dataset: [withField('img', 'not base64 at all!')], message: /dataset\.jsonl:1: field "img"/},
  {title: 'an img that is a GIF', args: base, dataset: [withField('img', 'R0lGODlhAQABAAAAACw=')], message: /dataset\.jsonl:1: field "img": decodes to neither a JPEG nor a PNG/},
  {title: 'a duplicate id', args: base, dataset: [sampleLines[0]!, sampleLines[0]!], message: /dataset\.jsonl:2: field "id": duplicate id "S-01", already used on line 1/},
  {title: 'a split with no riddles', args: [...base, '--split', 'vlm'], dataset: sampleLines.filter((line) => line.includes('"split":"llm"')), message: /no riddles of split "vlm"/},
]

describe('bench prepare refuses bad input with one line, a non-zero exit, and nothing written', () => {
  it.each(badCases)('$title', async ({args, dataset, message}) => {
    const cwd = await scratchDir()
    const datasetPath = join(cwd, 'dataset.jsonl')
    await writeFile(datasetPath, (dataset ?? sampleLines).join('\n') + '\n')
    const hasDataset = args.includes('--dataset') || !args.includes('--model')
    const result = await runBench(hasDataset ? args : [...args, '--dataset', datasetPath], {cwd})
    expect(result.code).toBe(2)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]!.replace(/^Error: /, '')).toMatch(message)
    expect(result.stdout).toBe('')
    expect((await readdir(cwd, {recursive: true})).filter((file) => file !== 'dataset.jsonl' && file !== 'processed_files')).toEqual([])
  })
})

describe('bench prepare on the sample dataset', () => {
  let cwd: string
  beforeAll(async () => {
    cwd = await scratchDir()
  })

  it.each(PROVIDER_NAMES)('writes a %s batch file, its record and a card', async (provider) => {
    const extra = provider === 'anthropic' ? ['--max-tokens', '8000'] : []
    const result = await runBench(
      ['prepare', '--dataset', SAMPLE_DATASET_PATH, '--split', 'vlm', '--hints', '2', '--provider', provider, '--model', 'model-1.5', ...extra],
      {cwd},
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const name = `benchmark_${provider}_model-1-5_vlm_hints_2`
    expect(result.stdout).toContain(`Prepared ${name}`)
    expect(result.stdout).toMatch(/requests\s+7\n/)
    expect(result.stdout).toContain(`file      processed_files/${name}.jsonl`)
    expect(result.stdout).toContain(`Next: bench start ${name}`)
    const lines = (await readFile(join(cwd, 'processed_files', `${name}.jsonl`), 'utf8')).trim().split('\n')
    expect(lines).toHaveLength(7)
    const manifest = JSON.parse(await readFile(join(cwd, 'processed_files', `${name}.manifest.json`), 'utf8')) as BatchManifest
    expect(manifest).toMatchObject({name, provider, model: 'model-1.5', kind: 'prediction', hints: 2, requests: 7, state: 'prepared'})
    expect(manifest.dataset).toEqual({source: 'file', path: SAMPLE_DATASET_PATH, split: 'vlm'})
    expect(manifest.shards).toEqual([{file: `processed_files/${name}.jsonl`, requests: 7, bytes: manifest.bytes}])
  })

  it('prints the same card as one JSON object with --json', async () => {
    const result = await runBench(['prepare', '--dataset', SAMPLE_DATASET_PATH, '--provider', 'gemini', '--model', 'gemini-2.5-flash', '--thinking-budget', '512', '--json'], {cwd})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      name: 'benchmark_gemini_gemini-2-5-flash_llm_hints_0_thinking_512',
      provider: 'gemini',
      split: 'llm',
      requests: 5,
      files: ['processed_files/benchmark_gemini_gemini-2-5-flash_llm_hints_0_thinking_512.jsonl'],
      next: 'bench start benchmark_gemini_gemini-2-5-flash_llm_hints_0_thinking_512',
    })
  })

  it('shards a batch over --max-batch-requests, and preparing again replaces the old shards', async () => {
    const args = ['prepare', '--dataset', SAMPLE_DATASET_PATH, '--split', 'full', '--provider', 'openai', '--model', 'm', '--name', 'sharded']
    const first = await runBench([...args, '--max-batch-requests', '5', '--json'], {cwd})
    expect((JSON.parse(first.stdout) as {files: string[]}).files).toEqual(['001', '002', '003'].map((part) => `processed_files/sharded.part-${part}.jsonl`))
    const second = await runBench(args, {cwd})
    expect(second.code).toBe(0)
    const files = (await readdir(join(cwd, 'processed_files'))).filter((file) => file.startsWith('sharded'))
    expect(files.sort()).toEqual(['sharded.ids.jsonl', 'sharded.jsonl', 'sharded.manifest.json'])
  })

  it('refuses to prepare over a batch that was already submitted', async () => {
    const args = ['prepare', '--dataset', SAMPLE_DATASET_PATH, '--provider', 'openai', '--model', 'm', '--name', 'sent']
    expect((await runBench(args, {cwd})).code).toBe(0)
    const path = join(cwd, 'processed_files', 'sent.manifest.json')
    const manifest = JSON.parse(await readFile(path, 'utf8')) as BatchManifest
    await writeFile(path, JSON.stringify({...manifest, state: 'submitted'}))
    const before = await readFile(join(cwd, 'processed_files', 'sent.jsonl'))
    const result = await runBench(args, {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('Error: batch "sent" was already submitted; see it with `bench get sent`, or prepare a new one with --name')
    expect(await readFile(join(cwd, 'processed_files', 'sent.jsonl'))).toEqual(before)
  })
})
