import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {scratchDir} from '../support/cli.js'
import {MODEL, PreparedTemplates, expectRefusedUnsent as refusedUnsent, readBatchManifest, useBenchEmulator} from '../support/emulator.js'
import type {PreparedCard} from '../../src/cli/prepared-card.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'

const bench = useBenchEmulator()
const templates = new PreparedTemplates(bench)

const PRICED = ['--dataset', SAMPLE_DATASET_PATH, '--split', 'full', '--limit', '4', '--provider', 'openai', '--model', 'gpt-4.1']

/** A directory with a 4-request gpt-4.1 batch prepared: gpt-4.1 is in bench's price table. */
async function pricedBatch(): Promise<string> {
  const cwd = await scratchDir()
  const prepared = await bench.bench(cwd, ['prepare', ...PRICED, '--name', 'priced'])
  expect(prepared.code, prepared.stderr).toBe(0)
  return cwd
}

/** Runs a command that must refuse: one error line, exit 2, and not one HTTP request to any vendor. */
const expectRefusedUnsent = (cwd: string, args: string[]) => refusedUnsent(bench, () => bench.bench(cwd, args))

describe('--max-cost below the estimate: nothing is sent', () => {
  it('start', async () => {
    const cwd = await pricedBatch()
    const error = await expectRefusedUnsent(cwd, ['start', 'priced', '--max-cost', '0.0001'])
    expect(error).toMatch(/^Error: estimated cost ≈\$0\.\d{4} exceeds --max-cost \$0\.0001 \(1 batch, 4 requests, [\d,]+ tokens in, 4,000 out\): nothing was sent; raise --max-cost/)
    expect((await readBatchManifest(cwd, 'priced')).state).toBe('prepared')
    // A limit above the estimate lets it through.
    expect((await bench.bench(cwd, ['start', 'priced', '--max-cost', '1'])).code).toBe(0)
  })

  it('run: refused before the prediction batch is sent, judges included in the estimate', async () => {
    const cwd = await scratchDir()
    const error = await expectRefusedUnsent(cwd, ['run', ...PRICED, '--max-cost', '0.01'])
    expect(error).toMatch(/^Error: estimated cost ≈\$\d+\.\d+ exceeds --max-cost \$0\.0100 \(4 batches, 16 requests/)
  })

  it('jury --start: the judge batches are written but not sent', async () => {
    const cwd = await pricedBatch()
    for (const args of [['start', 'priced'], ['results', 'priced']]) expect((await bench.bench(cwd, args)).code).toBe(0)
    const error = await expectRefusedUnsent(cwd, ['jury', '--results-file-path', 'results/priced.jsonl', '--start', '--max-cost', '0.001'])
    expect(error).toMatch(/^Error: estimated cost ≈\$\d+\.\d+ exceeds --max-cost \$0\.0010 \(3 batches, 12 requests/)
    expect((await readBatchManifest(cwd, 'judge_priced_by_gemini_gemini-3-pro-preview')).state).toBe('prepared')
  })
})

describe('--max-cost on a model without a price', () => {
  it('refuses clearly, and a --prices file that lists the model lets it through', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'unpriced'})
    const error = await expectRefusedUnsent(cwd, ['start', 'unpriced', '--max-cost', '100'])
    expect(error).toBe(`Error: cost unknown for model ${MODEL}: add it to a --prices file or drop --max-cost`)

    const prices = join(cwd, 'my-prices.json')
    await writeFile(prices, JSON.stringify({providers: {openai: {batch_discount: 0.5, models: {[MODEL]: {input: 1, cached_input: 0.1, output: 2}}}}}))
    const started = await bench.bench(cwd, ['start', 'unpriced', '--max-cost', '100', '--prices', prices])
    expect(started.code, started.stderr).toBe(0)
    expect(started.stdout).toContain('Submitted unpriced')
  })
})

describe('--max-cost prices the model that will run (issue 14 §7)', () => {
  it('o3-pro is not priced as o3: its cost is unknown, and --max-cost refuses it', async () => {
    const cwd = await scratchDir()
    const prepared = await bench.bench(cwd, ['prepare', ...PRICED.slice(0, -1), 'o3-pro', '--name', 'pro', '--json'])
    expect(prepared.code, prepared.stderr).toBe(0)
    const {cost_estimate: estimate} = JSON.parse(prepared.stdout) as PreparedCard
    expect(estimate).toMatchObject({cost_usd: 'unknown'})
    expect(estimate?.priced_as).toBeUndefined()
    const dry = await bench.bench(cwd, ['start', 'pro', '--dry-run'])
    expect(dry.stdout).toMatch(/pro\s+openai · o3-pro · 4 requests · .* cost unknown/)
    const error = await expectRefusedUnsent(cwd, ['start', 'pro', '--max-cost', '100'])
    expect(error).toBe('Error: cost unknown for model o3-pro: add it to a --prices file or drop --max-cost')
  })
})

describe('--dry-run', () => {
  it('start prints the batch, its requests, tokens and cost, and sends nothing', async () => {
    const cwd = await pricedBatch()
    const seen = bench.emulator.requests.length
    const result = await bench.bench(cwd, ['start', 'priced', '--dry-run'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Dry run: nothing was sent\n\s+priced\s+openai · gpt-4\.1 · 4 requests · ~[\d,]+ tokens in, 4,000 out · ≈\$0\.\d{4}\n\s+total\s+1 batch · 4 requests · ≈\$0\.\d{4}\n$/)
    expect(bench.emulator.requests.length).toBe(seen)
    expect((await readBatchManifest(cwd, 'priced')).state).toBe('prepared')
  })

  it('run prints the prediction batch and the projected judge batches, and sends nothing', async () => {
    const cwd = await scratchDir()
    const seen = bench.emulator.requests.length
    const result = await bench.bench(cwd, ['run', ...PRICED, '--dry-run'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('Dry run of benchmark_openai_gpt-4-1_full_hints_0: nothing was sent')
    expect(result.stdout).toMatch(/judge_openai_gpt-4-1_full_hints_0_by_anthropic_claude-opus-4-5\s+anthropic · claude-opus-4-5 · 4 requests · .* 256,000 out · ≈\$\d+\.\d+ \(projected\)/)
    expect(result.stdout).toMatch(/total\s+4 batches · 16 requests/)
    expect(bench.emulator.requests.length).toBe(seen)
  })
})
