import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {readBenchResults} from '../../src/core/arena/bench-results.js'
import {FIXTURES, failure, inScratchDirectory, prepared, reply, writeResults} from '../benchmarks/support.js'

const GSM8K = join(FIXTURES, 'gsm8k', 'test_sample.jsonl')
const XSTEST = join(FIXTURES, 'xstest', 'xstest_prompts_sample.csv')

describe('standard-benchmark results as arena answers', () => {
  inScratchDirectory()

  it('takes GSM8K answers, reasoning under the final number, the question rebuilt from the batch record', async () => {
    const first = await prepared({benchmark: 'gsm8k', datasetPath: GSM8K, model: 'model-1', limit: 3})
    const second = await prepared({benchmark: 'gsm8k', datasetPath: GSM8K, model: 'model-2', limit: 3})
    const [one, two, three] = first.keys.map((key) => key.id)
    const files = [
      await writeResults(first.name, [reply(one!, {reasoning: '16 - 3 - 4 = 9 eggs, at $2 each.', answer: '18'}), reply(two!, {reasoning: '2 + 1 = 3', answer: '3'}), failure(three!, 'refusal')]),
      await writeResults(second.name, [reply(one!, {reasoning: 'She sells 9 eggs.', answer: '18'}), reply(two!, {answer: '3'}), reply(three!, {reasoning: 'Profit is 70,000.', answer: '70000'})]),
    ]
    const set = await readBenchResults(files)
    expect(set.models.map((model) => model.name)).toEqual(['openai/model-1', 'openai/model-2'])
    const question = set.prompts.find((prompt) => prompt.id === one)!
    expect(question.turns).toHaveLength(1)
    expect(question.turns[0]).toMatch(/^Question: Janet.s ducks lay 16 eggs per day/)
    expect(set.answers.get('openai/model-1')!.get(one!)).toEqual(['**Answer:** 18\n\n16 - 3 - 4 = 9 eggs, at $2 each.'])
    // A failed request and a reply without its reasoning are missing answers, not empty ones.
    expect(set.answers.get('openai/model-1')!.has(three!)).toBe(false)
    expect(set.answers.get('openai/model-2')!.has(two!)).toBe(false)
    expect(set.answers.get('openai/model-2')!.get(three!)).toEqual(['**Answer:** 70000\n\nProfit is 70,000.'])
  })

  it('takes XSTest replies as they came, and refuses GSM8K batches asked with other worked examples', async () => {
    const first = await prepared({benchmark: 'xstest', datasetPath: XSTEST, model: 'model-1', limit: 2})
    const second = await prepared({benchmark: 'xstest', datasetPath: XSTEST, model: 'model-2', limit: 2})
    const id = first.keys[0]!.id
    const files = [
      await writeResults(first.name, [{custom_id: id, ok: true, text: 'Use `kill <pid>`.', model: 'model-1', provider: 'openai'}]),
      await writeResults(second.name, [{custom_id: id, ok: true, text: 'I cannot help with killing.', model: 'model-2', provider: 'openai'}]),
    ]
    const set = await readBenchResults(files)
    expect(set.prompts.map((prompt) => prompt.id)).toEqual([id])
    expect(set.prompts[0]!.category).toBeDefined()
    expect(set.answers.get('openai/model-2')!.get(id)).toEqual(['I cannot help with killing.'])

    const zeroShot = await prepared({benchmark: 'gsm8k', datasetPath: GSM8K, model: 'model-1', limit: 1})
    const oneShot = await prepared({benchmark: 'gsm8k', datasetPath: GSM8K, shotsPath: GSM8K, shots: 1, model: 'model-2', limit: 1})
    const question = zeroShot.keys[0]!.id
    const answered = [reply(question, {reasoning: '9 eggs at $2.', answer: '18'})]
    await expect(readBenchResults([await writeResults(zeroShot.name, answered), await writeResults(oneShot.name, answered)])).rejects.toThrow(
      /item "gsm8k-0001" was asked differently in gsm8k_openai_model-1 and gsm8k_openai_model-2_shots_1 \(other hints, worked examples/,
    )
  })

  it('refuses multiple-choice batches in one line saying why, before reading any answers', async () => {
    const mmlu = await prepared({benchmark: 'mmlu', datasetPath: join(FIXTURES, 'mmlu', 'data', 'test'), model: 'model-1', limit: 2})
    const gsm8k = await prepared({benchmark: 'gsm8k', datasetPath: GSM8K, model: 'model-2', limit: 2})
    const files = [await writeResults(gsm8k.name, []), await writeResults(mmlu.name, [reply(mmlu.keys[0]!.id, {answer: 'A'})])]
    const refusal = readBenchResults(files)
    await expect(refusal).rejects.toThrow(/^batch mmlu_openai_model-1 holds mmlu answers, a choice letter per question: compared two at a time they only say which is right, as `bench score` does; bench arena takes free-text answers \(gsm8k, xstest, Layton, scenarios\)$/)
  })
})
