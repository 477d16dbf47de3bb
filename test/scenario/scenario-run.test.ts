import {readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ScenarioRunCard} from '../../src/cli/scenario-card.js'
import {defaultResponder, type ResponderContext} from '../../src/emulator/index.js'
import {createCount, readBatchManifest, readResults, startBenchEmulator, type BenchEmulator} from '../support/emulator.js'
import {ATTACHMENTS, NOTES, PDF_BYTES, PNG_BASE64, scenarioDir} from './fixtures.js'

const MODELS = ['openai/model-1', 'anthropic/model-1', 'openrouter/model-1']
const BATCHES = ['contracts_openai_model-1', 'contracts_anthropic_model-1', 'contracts_openrouter_model-1']
const SCENARIO = {
  name: 'contracts',
  models: MODELS,
  max_tokens: 200,
  tasks: [
    {id: 'summary', system_prompt: 'Answer in one line.', user_prompt: 'Who pays the water bill?', attachments: ATTACHMENTS, expected: 'the tenant'},
    {id: 'chart', user_prompt: 'What does the chart show?', attachments: ['img/chart.png']},
    {id: 'notes', user_prompt: 'Which clause is this?', attachments: ['notes.txt'], expected: '^Clause \\d$', match: 'regex'},
    {user_prompt: 'Say hello.'},
  ],
}
const PDF_DATA = PDF_BYTES.toString('base64')
const NOTES_TEXT = `Attached file notes.txt:\n${NOTES}`

let bench: BenchEmulator
let cwd: string
let card: ScenarioRunCard
const seen: ResponderContext[] = []

beforeAll(async () => {
  bench = await startBenchEmulator()
  bench.emulator.setResponder((context) => {
    seen.push(context)
    return defaultResponder(context)
  })
  cwd = await scenarioDir(SCENARIO)
  const result = await bench.bench(cwd, ['run', '--scenario', 'scenario.json', '--wait', '--poll-seconds', '1', '--json'], {OPENROUTER_API_KEY: 'test-key'})
  expect(result.code, result.stderr).toBe(0)
  card = JSON.parse(result.stdout) as ScenarioRunCard
})
afterAll(async () => {
  await bench?.close()
})

/** The prepared request line of `id` in a batch: exactly what its vendor (or the worker) sends. */
async function preparedLine(name: string, id: string): Promise<Record<string, unknown>> {
  const text = await readFile(join(cwd, 'processed_files', `${name}.jsonl`), 'utf8')
  const lines = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
  return lines.find((line) => line.custom_id === id)!
}

describe('bench run --scenario: 3 models (two batch vendors, one endpoint) x 4 tasks with attachments', () => {
  it('runs every model to the end and writes one results file per model, lined up task by task', async () => {
    expect(card.finished).toBe(true)
    expect(card.batches.map((batch) => [batch.model, batch.name, batch.state])).toEqual(MODELS.map((model, index) => [model, BATCHES[index], 'completed']))
    const ids = (await readResults(cwd, BATCHES[0]!)).map((line) => line.custom_id).sort()
    expect(ids).toHaveLength(4)
    expect(ids.filter((id) => id.startsWith('task-'))).toHaveLength(1)
    for (const name of BATCHES) {
      const lines = await readResults(cwd, name)
      expect(lines.map((line) => line.custom_id).sort(), name).toEqual(ids)
      expect(lines.every((line) => line.ok && line.text !== undefined), name).toBe(true)
    }
    const endpointLines = await readResults(cwd, BATCHES[2]!)
    expect(endpointLines.every((line) => line.provider === 'openai-compatible' && typeof line.latency_ms === 'number')).toBe(true)
  })

  it("sends each vendor the attachments in that vendor's format", async () => {
    const openai = (await preparedLine(BATCHES[0]!, 'summary')) as {body: {messages: {content: unknown}[]}}
    expect(openai.body.messages[1]!.content).toEqual([
      {type: 'file', file: {filename: 'contract.pdf', file_data: `data:application/pdf;base64,${PDF_DATA}`}},
      {type: 'image_url', image_url: {url: `data:image/png;base64,${PNG_BASE64}`}},
      {type: 'text', text: NOTES_TEXT},
      {type: 'text', text: 'Who pays the water bill?'},
    ])
    const anthropic = (await preparedLine(BATCHES[1]!, 'summary')) as {params: {system: string; messages: {content: unknown}[]}}
    expect(anthropic.params.system).toBe('Answer in one line.')
    expect(anthropic.params.messages[0]!.content).toEqual([
      {type: 'document', source: {type: 'base64', media_type: 'application/pdf', data: PDF_DATA}},
      {type: 'image', source: {type: 'base64', media_type: 'image/png', data: PNG_BASE64}},
      {type: 'text', text: NOTES_TEXT},
      {type: 'text', text: 'Who pays the water bill?'},
    ])
    const endpoint = (await preparedLine(BATCHES[2]!, 'summary')) as {body: {model: string; messages: {content: unknown}[]}}
    expect(endpoint.body.model).toBe('model-1')
    expect(endpoint.body.messages[1]!.content).toEqual(openai.body.messages[1]!.content)
    // What each vendor's emulator read back out of its own format: the picture and the inlined text.
    for (const provider of ['openai', 'anthropic', 'openai-compatible'] as const) {
      const summary = seen.find((context) => context.provider === provider && context.custom_id === 'summary')
      expect(summary?.imageCount, provider).toBe(1)
      expect(summary?.texts, provider).toContain(NOTES_TEXT)
    }
  })

  it('records the expected answers where a scoring step finds them', async () => {
    const manifest = await readBatchManifest(cwd, BATCHES[1]!)
    expect(manifest.dataset).toMatchObject({source: 'scenario', path: join(cwd, 'scenario.json')})
    const tasks = (await readFile(join(cwd, manifest.scenario!.tasks_file), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as object)
    expect(tasks[0]).toEqual({id: 'summary', expected: 'the tenant', match: 'exact'})
    expect(tasks[2]).toEqual({id: 'notes', expected: '^Clause \\d$', match: 'regex'})
    expect(tasks[1]).toEqual({id: 'chart'})
  })

  it('run again: nothing is sent twice and the same results come back', async () => {
    const before = await readResults(cwd, BATCHES[2]!)
    const result = await bench.bench(cwd, ['run', '--scenario', 'scenario.json', '--poll-seconds', '1'], {OPENROUTER_API_KEY: 'test-key'})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('every model finished')
    expect(createCount(bench.emulator, 'openai')).toBe(1)
    expect(createCount(bench.emulator, 'anthropic')).toBe(1)
    expect(bench.emulator.executed('openai-compatible')).toHaveLength(4)
    expect(await readResults(cwd, BATCHES[2]!)).toEqual(before)
  })
})

describe('bench prepare --scenario refuses, before anything is written', () => {
  async function prepareFails(scenario: object, extra: (cwd: string) => Promise<void> = async () => {}): Promise<string> {
    const dir = await scenarioDir(scenario)
    await extra(dir)
    const result = await bench.bench(dir, ['prepare', '--scenario', 'scenario.json'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(await readdir(join(dir, 'processed_files')).catch(() => [])).toEqual([])
    return result.stderr
  }

  it('a file type the vendor cannot take, naming the task, the file and the vendor', async () => {
    const stderr = await prepareFails({models: ['openai/model-1', 'groq/model-1'], tasks: [{id: 'summary', user_prompt: 'Sum up.', attachments: ATTACHMENTS}]})
    expect(stderr).toMatch(/task "summary": groq\/model-1 cannot take attachment "docs\/contract.pdf"/)
  })

  it('an attachment outside the scenario folder, or missing', async () => {
    const outside = await prepareFails({models: ['openai/model-1'], tasks: [{id: 'a', user_prompt: 'x', attachments: ['../secret.txt']}]})
    expect(outside).toMatch(/task "a": attachment "..\/secret.txt" is outside the scenario's folder/)
    const missing = await prepareFails({models: ['openai/model-1'], tasks: [{id: 'b', user_prompt: 'x', attachments: ['docs/gone.pdf']}]})
    expect(missing).toMatch(/task "b": attachment "docs\/gone.pdf" does not exist/)
  })

  it('a binary file named as text, and an unknown model prefix', async () => {
    const misnamed = await prepareFails({models: ['openai/model-1'], tasks: [{id: 'c', user_prompt: 'x', attachments: ['notes.png']}]}, (dir) => writeFile(join(dir, 'notes.png'), 'plain text'))
    expect(misnamed).toMatch(/attachment "notes.png" is not a valid image\/png file/)
    const unknown = await prepareFails({models: ['nobody/model-1'], tasks: [{user_prompt: 'x'}]})
    expect(unknown).toMatch(/model "nobody\/model-1" names no known provider or endpoint/)
  })
})
