import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {readIdMap, writeIdMap} from '../../src/core/prepare/id-map.js'
import {VendorIds, safeId} from '../../src/core/prepare/vendor-ids.js'
import {PROVIDER_NAMES, type BatchProvider} from '../../src/providers/names.js'
import {scratchDir} from '../support/cli.js'

const LONG = `long-${'x'.repeat(95)}`
const ANTHROPIC_ID = /^[a-zA-Z0-9_-]{1,64}$/

describe('VendorIds: the id each vendor gets', () => {
  // [provider, id, mapped?]: Anthropic takes ^[a-zA-Z0-9_-]{1,64}$, Together at most 64 (bytes,
  // here), the others any string.
  const cases: [BatchProvider, string, boolean][] = [
    ['anthropic', 'plain-id_1', false],
    ['anthropic', 'q1.a', true],
    ['anthropic', 'task:2', true],
    ['anthropic', 'has space', true],
    ['anthropic', 'x'.repeat(64), false],
    ['anthropic', 'x'.repeat(65), true],
    ['anthropic', 'été', true],
    ['together', 'q1.a', false],
    ['together', 'task:2', false],
    ['together', 'x'.repeat(64), false],
    ['together', LONG, true],
    ['together', 'é'.repeat(33), true],
    ...(['openai', 'gemini', 'mistral', 'groq', 'openai-compatible'] as const).flatMap((provider): [BatchProvider, string, boolean][] => [
      [provider, 'q1.a', false],
      [provider, LONG, false],
    ]),
  ]

  it.each(cases)('%s: %j mapped: %s', (provider, id, mapped) => {
    const ids = new VendorIds(provider)
    const sent = ids.vendorId(id)
    expect(sent !== id).toBe(mapped)
    expect([...ids.originals]).toEqual(mapped ? [[sent, id]] : [])
    if (!mapped) return
    expect(sent).toMatch(ANTHROPIC_ID)
    expect(sent).toMatch(/-[0-9a-f]{10}$/)
    // Deterministic: a later prepare of the same id makes the same one.
    expect(new VendorIds(provider).vendorId(id)).toBe(sent)
  })

  it('keeps what it can of the id, so a mapped id still reads like its original', () => {
    expect(safeId('q1.a', 64)).toMatch(/^q1_a-[0-9a-f]{10}$/)
    expect(safeId('task:2', 64)).toMatch(/^task_2-[0-9a-f]{10}$/)
    expect(safeId(LONG, 64)).toBe(`${LONG.slice(0, 53)}-${safeId(LONG, 64).slice(-10)}`)
    expect(safeId(LONG, 64)).toHaveLength(64)
  })

  it('gives different ids that read alike different safe ids', () => {
    const ids = new VendorIds('anthropic')
    const sent = ['q1.a', 'q1:a', 'q1 a', 'q1_a'].map((id) => ids.vendorId(id))
    expect(new Set(sent).size).toBe(4)
    expect(sent[3]).toBe('q1_a')
  })

  it('refuses, naming both ids, an id equal to the safe id another one was given, whichever comes first', () => {
    const safe = safeId('q1.a', 64)
    const mappedFirst = new VendorIds('anthropic')
    mappedFirst.vendorId('q1.a')
    expect(() => mappedFirst.vendorId(safe)).toThrow(`request ids "q1.a" and "${safe}" would both reach anthropic as "${safe}": rename one of them`)
    const keptFirst = new VendorIds('anthropic')
    keptFirst.vendorId(safe)
    expect(() => keptFirst.vendorId('q1.a')).toThrow(`request ids "${safe}" and "q1.a" would both reach anthropic as "${safe}": rename one of them`)
  })

  it('takes the same id twice without calling it a clash (duplicates are refused where ids are read)', () => {
    const ids = new VendorIds('anthropic')
    expect(ids.vendorId('q1.a')).toBe(ids.vendorId('q1.a'))
  })
})

describe('the id map beside the ids file: a round trip', () => {
  it.each(PROVIDER_NAMES)('%s: every id comes back as the user wrote it, mapped or not', async (provider) => {
    const path = join(await scratchDir(), 'batch.id-map.json')
    const originals = ['q1.a', 'task:2', LONG, 'plain-id', 'été']
    const ids = new VendorIds(provider)
    const sent = originals.map((id) => ids.vendorId(id))
    const file = await writeIdMap(path, provider, ids.originals)
    const map = await readIdMap(file)
    if (ids.originals.size === 0) {
      expect(file).toBeUndefined()
      expect(map).toBeUndefined()
      return
    }
    expect(sent.map((id) => map!.original(id))).toEqual(originals)
    expect(originals.map((id) => map!.vendorId(id))).toEqual(sent)
  })

  it('removes the map of an earlier prepare when no id needs one any more', async () => {
    const path = join(await scratchDir(), 'batch.id-map.json')
    const ids = new VendorIds('anthropic')
    ids.vendorId('q1.a')
    const file = await writeIdMap(path, 'anthropic', ids.originals)
    expect(file).toBe(path)
    expect(await writeIdMap(path, 'anthropic', new Map())).toBeUndefined()
    await expect(readIdMap(file)).rejects.toThrow(/cannot read the id map .*ENOENT.*prepare the batch again/)
  })
})
