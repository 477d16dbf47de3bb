import {mkdir, writeFile} from 'node:fs/promises'
import {readFile} from 'node:fs/promises'
import {describe, expect, it} from 'vitest'

import {readBenchResults} from '../../src/core/arena/bench-results.js'
import {writeManifest, type BatchManifest} from '../../src/core/batch/manifest.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import {prepareBatch} from '../../src/core/prepare/prepare.js'
import {prepareScenario} from '../../src/core/scenario/prepare-scenario.js'
import type {ResultLine} from '../../src/core/results/result.js'
import {inScratchDirectory, writeResults} from '../benchmarks/support.js'

/** A Layton prediction batch of the sample's first two riddles. */
async function laytonBatch(model: string, options: {hints?: number; name?: string} = {}): Promise<BatchManifest> {
  return prepareBatch({provider: 'openai', model, split: 'llm', hints: options.hints ?? 1, datasetPath: SAMPLE_DATASET_PATH, limit: 2, ...(options.name !== undefined && {name: options.name})})
}

const SAMPLE = (await readFile(SAMPLE_DATASET_PATH, 'utf8')).trim().split('\n').slice(0, 2).map((line) => JSON.parse(line) as {id: string; description: string; first_hint: string})
const answer = (id: string, text: string): ResultLine => ({custom_id: id, ok: true, text, model: 'm', provider: 'openai'})
const prediction = (id: string, answerText: string): ResultLine => answer(id, JSON.stringify({answer: answerText, justification: 'Because.'}))

describe("bench's own Layton and scenario results as arena answers", () => {
  inScratchDirectory()

  it('rebuilds the riddle with the hints the model saw; an unreadable or failed answer is missing', async () => {
    const [first, second] = [await laytonBatch('model-1'), await laytonBatch('model-2')]
    const [one, two] = SAMPLE.map((riddle) => riddle.id) as [string, string]
    const files = [
      await writeResults(first.name, [prediction(one, '4 pm'), answer(two, 'I think it is 4.')]),
      await writeResults(second.name, [prediction(one, '3 pm'), {custom_id: two, ok: false, error: {code: 'failed', message: 'x'}, model: 'm', provider: 'openai'}]),
    ]
    const set = await readBenchResults(files)
    expect(set.models).toEqual([{name: 'openai/model-1', vendor: 'openai', vendor_from: 'batch record'}, {name: 'openai/model-2', vendor: 'openai', vendor_from: 'batch record'}])
    expect(set.prompts.map((prompt) => prompt.id)).toEqual([one])
    expect(set.prompts[0]!.turns[0]).toBe(`${SAMPLE[0]!.description}\n\nFirst hint: ${SAMPLE[0]!.first_hint}`)
    expect(set.answers.get('openai/model-1')).toEqual(new Map([[one, ['**Answer:** 4 pm\n\nBecause.']]]))
  })

  it('names two batches of one model by their batch names, and refuses another set of hints, a file twice, a foreign line', async () => {
    const [noHints, oneHint] = [await laytonBatch('model-1', {hints: 0, name: 'plain'}), await laytonBatch('model-1', {name: 'hinted'})]
    const one = SAMPLE[0]!.id
    const plain = await writeResults(noHints.name, [prediction(one, '4 pm')])
    const hinted = await writeResults(oneHint.name, [prediction(one, '4 pm')])
    await expect(readBenchResults([plain, hinted])).rejects.toThrow(`item "${one}" was asked differently in plain and hinted (other hints`)
    await expect(readBenchResults([plain, plain])).rejects.toThrow(`${plain} repeats batch plain: pass each results file once`)
    await expect(readBenchResults([plain])).rejects.toThrow('an arena compares at least two models: pass the results files of two batches or more')
    const foreign = await writeResults(oneHint.name, [prediction('not-a-riddle', '4 pm')])
    await expect(readBenchResults([plain, foreign])).rejects.toThrow(`${foreign}:1: field "custom_id": "not-a-riddle" is not an item of the batch's dataset`)
    await writeFile(foreign, '{"custom_id": "x"}\n')
    await expect(readBenchResults([plain, foreign])).rejects.toThrow(`${foreign}:1: not a result line of \`bench results\`: expected {"custom_id", "ok", "text", ...}`)
  })

  it('refuses a results file without its record, the results of a judge batch, and a batch whose prompts it cannot show', async () => {
    const batch = await laytonBatch('model-1')
    await mkdir('results', {recursive: true})
    await writeFile('results/stray.jsonl', '')
    await expect(readBenchResults(['results/stray.jsonl'])).rejects.toThrow('no batch record for results/stray.jsonl: pass results files written by `bench results`, from the directory where the batches were prepared')
    await writeManifest({...batch, name: 'judging', kind: 'judge'})
    const judging = await writeResults('judging', [])
    await expect(readBenchResults([judging])).rejects.toThrow(`${judging} holds the results of judge batch judging, not a model's answers`)
    await writeManifest({...batch, name: 'pairs', provider: 'my-server' as BatchManifest['provider'], dataset: {source: 'arena', split: 'llm'}})
    const pairs = await writeResults('pairs', [])
    await expect(readBenchResults([await writeResults(batch.name, []), pairs])).rejects.toThrow("batch pairs holds an arena's own pairs, whose prompts bench arena cannot show")
  })

  it("a scenario's task, its attachments named, not shown; a blank answer is missing", async () => {
    await writeFile('notes.txt', 'Clause 4: the tenant pays.')
    await writeFile('contracts.json', JSON.stringify({models: ['openai/model-1', 'openai/model-2'], tasks: [
      {id: 'who', user_prompt: 'Who pays?', attachments: ['notes.txt']},
      {id: 'hello', user_prompt: 'Say hello.'},
    ]}))
    const {batches} = await prepareScenario({path: 'contracts.json'})
    const files = [
      await writeResults(batches[0]!.manifest.name, [answer('who', 'The tenant.'), answer('hello', 'Hello!')]),
      await writeResults(batches[1]!.manifest.name, [answer('who', '  '), answer('hello', 'Hi.')]),
    ]
    const set = await readBenchResults(files)
    expect(set.prompts).toEqual([{id: 'hello', turns: ['Say hello.']}, {id: 'who', turns: ['Who pays?\n\n(1 attachment, not shown here: notes.txt)']}])
    expect([...set.answers.get('openai/model-2')!.keys()]).toEqual(['hello'])
    await writeFile(files[1]!, JSON.stringify(answer('why', 'x')) + '\n')
    await expect(readBenchResults(files)).rejects.toThrow(`${files[1]}:1: field "custom_id": "why" is not an item of the batch's scenario`)
  })
})
