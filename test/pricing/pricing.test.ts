import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runBench, scratchDir} from '../support/cli.js'
import {actualCost} from '../../src/cli/results-card.js'
import type {BatchManifest} from '../../src/core/batch/manifest.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import {costOfUsage, formatCost} from '../../src/core/pricing/cost.js'
import {estimateBatchCost} from '../../src/core/pricing/estimate.js'
import {findPrice, loadPriceTable} from '../../src/core/pricing/price-table.js'
import type {ResultsSummary} from '../../src/core/results/collect-results.js'

let directory: string
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'bench-pricing-'))
})
afterAll(async () => {
  await rm(directory, {recursive: true, force: true})
})

describe('the price table', () => {
  const table = loadPriceTable('')

  it('finds a model by its name, an alias, a dated snapshot, or a setting label the price file names', () => {
    expect(findPrice(table, 'openai', 'gpt-5.1')).toMatchObject({listed_as: 'gpt-5.1', matched_by: 'name'})
    expect(findPrice(table, 'openai', 'gpt-5.1-2025-11-13')).toMatchObject({listed_as: 'gpt-5.1', matched_by: 'dated snapshot'})
    expect(findPrice(table, 'openai', 'gpt-5-mini-2025-08-07')?.listed_as).toBe('gpt-5-mini')
    expect(findPrice(table, 'anthropic', 'claude-opus-4-5-20251101')).toMatchObject({listed_as: 'claude-opus-4-5', matched_by: 'dated snapshot'})
    expect(findPrice(table, 'gemini', 'gemini-3-pro-preview')).toMatchObject({listed_as: 'gemini-3-pro', matched_by: 'alias'})
    // batchling's file names: the model, its snapshot date, then the run's setting.
    expect(findPrice(table, 'gemini', 'gemini-3-flash-high')).toMatchObject({listed_as: 'gemini-3-flash', matched_by: 'run label'})
    expect(findPrice(table, 'openai', 'gpt-5-1-2025-11-13-high')?.listed_as).toBe('gpt-5.1')
    expect(findPrice(table, 'anthropic', 'claude-opus-4-5-20251101-thinking-32k')?.listed_as).toBe('claude-opus-4-5')
  })

  it('never prices a model as another whose name it starts with (issue 14 §7)', () => {
    // o3-pro costs about ten times o3; gpt-5-pro about twelve times gpt-5.
    for (const model of ['o3-pro', 'gpt-5-pro', 'gpt-5.1-codex', 'gpt-4.1-2025', 'gpt-50', 'o3-pro-2025-06-10', 'o3-pro-high']) {
      expect(findPrice(table, 'openai', model), model).toBeUndefined()
    }
    expect(findPrice(table, 'gemini', 'gemini-3-pro-image-preview')).toBeUndefined()
  })

  it('shows "unknown", never 0, for a model it does not list', () => {
    const usage = {input: 1000, output: 1000, reasoning: 0, cached: 0}
    expect(costOfUsage(findPrice(table, 'openai', 'no-such-model'), usage)).toBe('unknown')
    expect(formatCost('unknown')).toBe('unknown')
  })

  it('bills cached input at the cached rate and takes off the batch discount', () => {
    const price = findPrice(table, 'anthropic', 'claude-opus-4-5-20251101')!
    // 800 uncached x $5 + 200 cached x $0.50 + 1,000 out x $25, per million, half price.
    expect(costOfUsage(price, {input: 1000, output: 1000, reasoning: 400, cached: 200})).toBeCloseTo((800 * 5 + 200 * 0.5 + 1000 * 25) / 1e6 / 2, 15)
  })

  it("lays the user's file over the repository's table", async () => {
    const file = join(directory, 'prices.json')
    await writeFile(file, JSON.stringify({providers: {openai: {models: {'my-finetune': {input: 3, cached_input: 1, output: 6}}}, groq: {batch_discount: 0.5, models: {}}}}))
    const merged = loadPriceTable(file)
    expect(findPrice(merged, 'openai', 'my-finetune')).toMatchObject({input: 3, batch_discount: 0.5})
    expect(findPrice(merged, 'openai', 'gpt-5.1')?.listed_as).toBe('gpt-5.1')
    expect(findPrice(merged, 'groq', 'llama-3.3-70b-versatile')?.batch_discount).toBe(0.5)
  })

  it('takes aliases and run labels from the user\'s file', async () => {
    const file = join(directory, 'aliases.json')
    await writeFile(file, JSON.stringify({run_labels: '-fast$', providers: {openai: {models: {'o3-pro': {input: 20, cached_input: 20, output: 80, aliases: ['o3-pro-latest']}}}}}))
    const merged = loadPriceTable(file)
    expect(findPrice(merged, 'openai', 'o3-pro-latest')).toMatchObject({input: 20, listed_as: 'o3-pro', matched_by: 'alias'})
    expect(findPrice(merged, 'openai', 'o3-pro-fast')?.listed_as).toBe('o3-pro')
    expect(findPrice(merged, 'openai', 'gpt-5.1-high')).toBeUndefined()
  })

  it('refuses a malformed price file in one line', async () => {
    const file = join(directory, 'bad.json')
    await writeFile(file, JSON.stringify({providers: {openai: {models: {x: {input: 'two', cached_input: 1, output: 1}}}}}))
    expect(() => loadPriceTable(file)).toThrow(/^price file .*bad\.json: providers\.openai\.models\.x\.input must be a non-negative number/)
  })
})

describe('cost estimate and actual cost', () => {
  it('estimates output from --max-tokens as an upper bound, or from a stated assumption', () => {
    const prices = loadPriceTable('')
    const bounded = estimateBatchCost({provider: 'openai', model: 'gpt-4.1', requests: 10, inputTokens: 5000, maxTokens: 2000}, prices)
    expect(bounded).toMatchObject({output_tokens: 20_000, output_basis: 'max_tokens', priced_as: 'openai/gpt-4.1'})
    expect(bounded.cost_usd).toBeCloseTo((5000 * 2 + 20_000 * 8) / 1e6 / 2, 15)
    expect(estimateBatchCost({provider: 'openai', model: 'gpt-4.1', requests: 10, inputTokens: 5000}, prices)).toMatchObject({output_tokens: 10_000, output_basis: 'assumed'})
  })

  it('calls a batch whose answers carry no usage "unknown", and one where nothing succeeded $0', () => {
    const manifest = {provider: 'openai', model: 'gpt-4.1'} as BatchManifest
    const summary = (succeeded: number, input: number): ResultsSummary => ({name: 'b', file: 'f', total: 2, succeeded, failed: 2 - succeeded, failures: {}, usage: {input, output: 0, reasoning: 0, cached: 0}, unexpected: 0, kept: 0})
    expect(actualCost(manifest, summary(2, 0))).toBe('unknown')
    expect(actualCost(manifest, summary(0, 0))).toBe(0)
    expect(actualCost(manifest, summary(2, 1_000_000))).toBeCloseTo(1, 12)
  })

  it('prepare prints the estimate on its card', async () => {
    const cwd = await scratchDir()
    try {
      const args = ['prepare', '--dataset', SAMPLE_DATASET_PATH, '--provider', 'openai', '--model', 'gpt-4.1', '--max-tokens', '1000']
      const card = await runBench([...args, '--json'], {cwd})
      expect(card.code).toBe(0)
      const estimate = (JSON.parse(card.stdout) as {cost_estimate: {input_tokens: number}}).cost_estimate
      expect(estimate).toMatchObject({output_tokens: 5000, output_basis: 'max_tokens', priced_as: 'openai/gpt-4.1'})
      expect(estimate.input_tokens).toBeGreaterThan(5 * 100)
      const text = await runBench(args, {cwd})
      expect(text.stdout).toMatch(/\n {2}cost {6}≈\$0\.\d{4} estimated \([\d,]+ tokens in at ~4 characters a token, 5,000 out; output at --max-tokens, an upper bound; priced as openai\/gpt-4\.1\)\n/)
      const unknown = await runBench(['prepare', '--dataset', SAMPLE_DATASET_PATH, '--provider', 'openai', '--model', 'in-house-1', '--json'], {cwd})
      expect((JSON.parse(unknown.stdout) as {cost_estimate: unknown}).cost_estimate).toMatchObject({cost_usd: 'unknown', output_basis: 'assumed'})
    } finally {
      await rm(cwd, {recursive: true, force: true})
    }
  })
})
