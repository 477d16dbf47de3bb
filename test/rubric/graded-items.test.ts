import {readFile, writeFile} from 'node:fs/promises'
import {describe, expect, it} from 'vitest'

import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import {prepareBatch} from '../../src/core/prepare/prepare.js'
import type {ResultLine} from '../../src/core/results/result.js'
import {gradedItems} from '../../src/core/rubric/graded-items.js'
import {prepareScenario} from '../../src/core/scenario/prepare-scenario.js'
import {inScratchDirectory, writeResults} from '../benchmarks/support.js'

inScratchDirectory()

const answer = (id: string, text: string): ResultLine => ({custom_id: id, ok: true, text, model: 'm', provider: 'openai'})
const SAMPLE = (await readFile(SAMPLE_DATASET_PATH, 'utf8')).trim().split('\n').slice(0, 2).map((line) => JSON.parse(line) as {id: string; description: string; answer: string; justification: string})

describe('gradedItems: the answers a rubric jury grades, each with its question and reference', () => {
  it("a Layton batch: the riddle, its answer and justification as the reference; a failed, a refused or an empty answer listed, not graded", async () => {
    const batch = await prepareBatch({provider: 'openai', model: 'm', split: 'llm', hints: 0, datasetPath: SAMPLE_DATASET_PATH, limit: 2})
    const [one, two] = SAMPLE as [(typeof SAMPLE)[0], (typeof SAMPLE)[0]]
    const file = await writeResults(batch.name, [
      answer(one.id, 'Four o\'clock.'),
      answer(two.id, ' '),
      {custom_id: 'x1', ok: false, model: 'm', provider: 'openai'},
      {custom_id: 'x2', ok: false, error: {code: 'refusal', message: 'no'}, model: 'm', provider: 'openai'},
    ])
    const graded = await gradedItems(batch, file)
    expect(graded.ids).toEqual([one.id])
    expect(graded.items).toEqual([{question: one.description, answer: 'Four o\'clock.', reference: `Answer: ${one.answer}\nJustification: ${one.justification}`}])
    expect(graded.ungraded).toEqual([{custom_id: two.id, code: 'empty'}, {custom_id: 'x1', code: 'failed'}, {custom_id: 'x2', code: 'refusal'}])

    await writeResults(batch.name, [answer('S-99', 'Five.')])
    await expect(gradedItems(batch, file)).rejects.toThrow(`${file}: answer "S-99" has no task in the batch's dataset; was it changed since \`bench prepare\`?`)
    await writeResults(batch.name, [answer(one.id, 'Four.'), {custom_id: one.id, ok: false, model: 'm', provider: 'openai'}])
    await expect(gradedItems(batch, file)).rejects.toThrow(`${file}:2: field "custom_id": "${one.id}" appears twice; a results file holds one line per request`)
    await writeFile(file, '{"custom_id": "a", "ok": "yes"}\n')
    await expect(gradedItems(batch, file)).rejects.toThrow(`${file}:1: not a result line of \`bench results\`: expected {"custom_id", "ok", "text", ...}`)
  })

  it("a scenario batch: the system prompt and the task, the attachments named, `expected` as the reference; an arena batch is refused", async () => {
    await writeFile('notes.txt', 'Clause 4.')
    await writeFile('lease.json', JSON.stringify({models: ['openai/m'], tasks: [
      {id: 'who', system_prompt: 'Be brief.', user_prompt: 'Who pays?', attachments: ['notes.txt'], expected: 'The tenant.'},
      {id: 'hi', user_prompt: 'Say hi.'},
    ]}))
    const {batches} = await prepareScenario({path: 'lease.json'})
    const batch = batches[0]!.manifest
    const file = await writeResults(batch.name, [answer('who', 'The tenant.'), answer('hi', 'Hi.')])
    expect((await gradedItems(batch, file)).items).toEqual([
      {question: '[System prompt]\nBe brief.\n\nWho pays?\n\n(The user attached notes.txt; the judge does not see them.)', answer: 'The tenant.', reference: 'The tenant.'},
      {question: 'Say hi.', answer: 'Hi.'},
    ])
    await writeResults(batch.name, [answer('why', 'Because.')])
    await expect(gradedItems(batch, file)).rejects.toThrow(`${file}: answer "why" has no task in the batch's scenario; was it changed since \`bench prepare\`?`)
    await expect(gradedItems({...batch, name: 'pairs', dataset: {source: 'arena', split: 'llm'}}, file)).rejects.toThrow('batch pairs answers an arena\'s pairs: grade it with `bench arena judge`')
  })
})
