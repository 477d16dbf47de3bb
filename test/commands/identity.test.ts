import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import type {BatchManifest} from '../../src/core/batch/manifest.js'
import type {ProviderName} from '../../src/providers/names.js'
import {runBench} from '../support/cli.js'
import {PreparedTemplates, readBatchManifest, startBenchEmulator, useBenchEmulator} from '../support/emulator.js'

const bench = useBenchEmulator()
const templates = new PreparedTemplates(bench)

/** Points the record of `name` at another vendor batch, as a restarted emulator handing out an old id again would. */
async function pointAt(cwd: string, name: string, other: BatchManifest): Promise<void> {
  const manifest = await readBatchManifest(cwd, name)
  manifest.shards[0]!.remote!.batch_id = other.shards[0]!.remote!.batch_id
  await writeFile(join(cwd, 'processed_files', `${name}.manifest.json`), JSON.stringify(manifest))
}

describe('a batch is the batch bench created (issue 14 §1)', () => {
  // What tells two batches apart differs: OpenAI has the input file and bench's metadata, Anthropic
  // only its creation time, Gemini bench's display name. The check is shared by the three commands:
  // one vendor runs them all.
  const cases: {provider: ProviderName; commands: string[]}[] = [
    {provider: 'openai', commands: ['get', 'results', 'cancel']},
    {provider: 'anthropic', commands: ['get']},
    {provider: 'gemini', commands: ['results']},
  ]
  it.each(cases)('$provider: $commands refuse a vendor batch that is not the one recorded, writing nothing', async ({provider, commands}) => {
    const cwd = await templates.started({provider, name: 'mine'})
    const other = await templates.started({provider, name: 'other'})
    expect((await bench.bench(cwd, ['results', 'mine'])).code).toBe(0)
    const before = await readFile(join(cwd, 'results/mine.jsonl'), 'utf8')
    const theirs = await readBatchManifest(other, 'other')
    await pointAt(cwd, 'mine', theirs)
    const id = theirs.shards[0]!.remote!.batch_id!

    for (const command of commands) {
      const result = await bench.bench(cwd, [command, 'mine'])
      expect(result.code, command).toBe(2)
      expect(result.stdout).toBe('')
      const lines = result.stderr.trim().split('\n')
      expect(lines, command).toHaveLength(1)
      expect(lines[0]).toMatch(new RegExp(`^Error: batch "mine" is not the vendor's batch ${id.replace('/', '\\/')}: bench created ${id.replace('/', '\\/')} .+, the vendor's ${id.replace('/', '\\/')} .+; ids repeat when an emulator restarts`))
    }
    expect(await readFile(join(cwd, 'results/mine.jsonl'), 'utf8')).toBe(before)
  })

  it('after an emulator restart, the old batch is never read as the new one that took its id', async () => {
    const first = await startBenchEmulator({seed: 7})
    const cwd = await templates.copy({provider: 'openai', name: 'old'})
    try {
      expect((await runBench(['start', 'old'], {cwd, env: first.env})).code).toBe(0)
      expect((await runBench(['results', 'old'], {cwd, env: first.env})).code).toBe(0)
    } finally {
      await first.close()
    }
    const before = await readFile(join(cwd, 'results/old.jsonl'), 'utf8')
    const second = await startBenchEmulator({seed: 7})
    try {
      const elsewhere = await templates.copy({provider: 'openai', name: 'new'})
      expect((await runBench(['start', 'new'], {cwd: elsewhere, env: second.env})).code).toBe(0)
      for (const command of ['get', 'results']) {
        const result = await runBench([command, 'old'], {cwd, env: second.env})
        // Refused as another batch (today's emulator repeats ids), or not found (one that does not).
        expect(result.code, `${command}: ${result.stdout}`).not.toBe(0)
        expect(result.stderr.trim().split('\n')).toHaveLength(1)
      }
      expect(await readFile(join(cwd, 'results/old.jsonl'), 'utf8')).toBe(before)
    } finally {
      await second.close()
    }
  })
})
