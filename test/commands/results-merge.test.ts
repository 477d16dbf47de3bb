import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import type {ResultsSummary} from '../../src/core/results/collect-results.js'
import type {ResultLine} from '../../src/core/results/result.js'
import {MODEL, PreparedTemplates, readResults, sampleIds, useBenchEmulator} from '../support/emulator.js'

const bench = useBenchEmulator()
const templates = new PreparedTemplates(bench)

/**
 * A batch whose first request the vendor failed, and a results file in which an earlier download
 * had answered it: what a vendor that later returns less (an output file cut short, a line lost)
 * leaves bench to reconcile.
 */
async function answeredEarlier(name: string, earlier: Partial<ResultLine>) {
  const [failing] = await sampleIds(1)
  bench.emulator.faults.add({kind: 'line-error', provider: 'openai', customIds: [failing!], status: 500, code: 'server_error', times: 1})
  const cwd = await templates.started({provider: 'openai', name})
  expect((await bench.bench(cwd, ['results', name])).code).toBe(0)
  const lines = await readResults(cwd, name)
  expect(lines.find((line) => line.custom_id === failing)?.ok).toBe(false)
  const answer: ResultLine = {custom_id: failing!, ok: true, text: 'the earlier answer', model: MODEL, provider: 'openai', ...earlier}
  const edited = lines.map((line) => JSON.stringify(line.custom_id === failing ? answer : line))
  await writeFile(join(cwd, 'results', `${name}.jsonl`), edited.join('\n') + '\n')
  return {cwd, failing: failing!}
}

async function collect(cwd: string, args: string[]): Promise<ResultsSummary> {
  const result = await bench.bench(cwd, [...args, '--json'])
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as ResultsSummary
}

describe('results never replaces a success on disk by a failure (issue 14 §1)', () => {
  it('keeps the earlier answer, counts it on the card, and --fresh rebuilds from the vendor alone', async () => {
    const {cwd, failing} = await answeredEarlier('kept', {})
    const text = await bench.bench(cwd, ['results', 'kept'])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/\n {2}succeeded {2}4 \/ 4\n {2}failed {5}0\n/)
    expect(text.stdout).toContain('  kept       1 answer from the earlier results/kept.jsonl: the vendor now returned a failure or nothing for them (--fresh drops them)\n')
    expect((await readResults(cwd, 'kept')).find((line) => line.custom_id === failing)).toMatchObject({ok: true, text: 'the earlier answer'})

    // Every request still exactly once.
    expect((await readResults(cwd, 'kept')).map((line) => line.custom_id).sort()).toEqual((await sampleIds(4)).sort())
    const fresh = await collect(cwd, ['results', 'kept', '--fresh'])
    expect(fresh).toMatchObject({succeeded: 3, failed: 1, kept: 0})
    expect((await readResults(cwd, 'kept')).find((line) => line.custom_id === failing)).toMatchObject({ok: false, error: {code: 'server_error'}})
  })

  it("never keeps an answer of another model (a file left by a batch once prepared under the same name)", async () => {
    const {cwd, failing} = await answeredEarlier('other_model', {model: 'another-model'})
    expect(await collect(cwd, ['results', 'other_model'])).toMatchObject({succeeded: 3, failed: 1, kept: 0})
    expect((await readResults(cwd, 'other_model')).find((line) => line.custom_id === failing)?.ok).toBe(false)
  })
})
