import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {scratchDir} from '../support/cli.js'
import type {BatchManifest} from '../../src/core/batch/manifest.js'
import {batchRequests, RequestFinder, requestIdList} from '../../src/core/results/request-ids.js'

describe('batchRequests', () => {
  it('reads the ids file, escaped ids included, and gives each request its shard', async () => {
    const dir = await scratchDir()
    const idsFile = join(dir, 'b.ids.jsonl')
    const ids = ['plain-1', 'with "quotes"', 'back\\slash', 'é', 'plain-5']
    await writeFile(idsFile, ids.map((id) => JSON.stringify(id)).join('\n').replace('"é"', '"\\u00e9"') + '\n')
    const manifest = {shards: [{file: 'a', requests: 2, bytes: 0}, {file: 'b', requests: 3, bytes: 0}], ids_file: idsFile} as unknown as BatchManifest
    const requests = await batchRequests(manifest)
    expect([...requests.ids]).toEqual(ids)
    expect(ids.map((id, position) => requests.ids.is(position, id))).toEqual([true, true, true, true, true])
    expect(requests.ids.is(0, 'plain-')).toBe(false)
    expect(requests.ids.is(0, 'plain-11')).toBe(false)
    expect([...requests.shards]).toEqual([0, 0, 1, 1, 1])
  })

  it('reads ids from a file with CRLF line endings, blank lines and padding', async () => {
    const dir = await scratchDir()
    const idsFile = join(dir, 'b.ids.jsonl')
    await writeFile(idsFile, '"a"\r\n\n  "b"  \n"c"')
    const manifest = {shards: [{file: 'a', requests: 3, bytes: 0}], ids_file: idsFile} as unknown as BatchManifest
    const requests = await batchRequests(manifest)
    expect([...requests.ids]).toEqual(['a', 'b', 'c'])
    expect(requests.ids.length).toBe(3)
  })

  it('refuses an ids line that is JSON but not a string', async () => {
    const dir = await scratchDir()
    const idsFile = join(dir, 'b.ids.jsonl')
    await writeFile(idsFile, '"a"\n12\n')
    const manifest = {shards: [{file: 'a', requests: 2, bytes: 0}], ids_file: idsFile} as unknown as BatchManifest
    await expect(batchRequests(manifest)).rejects.toThrow(`${idsFile}:2: not a request id`)
  })

  it('names the file and line of an ids line that is not JSON', async () => {
    const dir = await scratchDir()
    const idsFile = join(dir, 'b.ids.jsonl')
    await writeFile(idsFile, '"a"\n"b\n')
    const manifest = {shards: [{file: 'a', requests: 2, bytes: 0}], ids_file: idsFile} as unknown as BatchManifest
    await expect(batchRequests(manifest)).rejects.toThrow(`${idsFile}:2: not valid JSON`)
  })
})

describe('RequestFinder', () => {
  const ids = requestIdList(['a', 'b', 'c', 'd', 'e'])

  it('finds each request whether the vendor answers in order, out of order or twice', () => {
    const finder = new RequestFinder(ids)
    const answered = ['a', 'b', 'd', 'c', 'e', 'b', 'a']
    expect(answered.map((id) => finder.positionOf(id))).toEqual([0, 1, 3, 2, 4, 1, 0])
  })

  it('knows no request for an id outside the batch', () => {
    const finder = new RequestFinder(ids)
    expect(finder.positionOf('a')).toBe(0)
    expect(finder.positionOf('zz')).toBeUndefined()
    expect(finder.positionOf('b')).toBe(1)
  })

  it('finds requests in a 2,000-id file whose ids are escaped here and there', async () => {
    const dir = await scratchDir()
    const idsFile = join(dir, 'b.ids.jsonl')
    const ids = Array.from({length: 2000}, (_, index) => (index % 500 === 7 ? `q"${index}\\` : `r-${index}`))
    await writeFile(idsFile, ids.map((id) => JSON.stringify(id)).join('\n') + '\n')
    const manifest = {shards: [{file: 'a', requests: 2000, bytes: 0}], ids_file: idsFile} as unknown as BatchManifest
    const finder = new RequestFinder((await batchRequests(manifest)).ids)
    expect(ids.map((id) => finder.positionOf(id))).toEqual(ids.map((_, index) => index))
    expect(finder.positionOf('r-1999')).toBe(1999)
    expect(finder.positionOf('r-2000')).toBeUndefined()
  })
})

describe('batchRequests of a batch record without an ids file (prepared before there was one)', () => {
  it('reads the ids from the shard files in order, in every vendor line format, each with its shard', async () => {
    const dir = await scratchDir()
    const openai = join(dir, 'b.0.jsonl')
    const gemini = join(dir, 'b.1.jsonl')
    await writeFile(openai, ['{"custom_id":"r-1","method":"POST"}', '{"method":"POST","custom_id":"r-2"}', ''].join('\n'))
    await writeFile(gemini, ['{"key":"r-3","request":{}}', '', '{"request":{},"key":"with \\"quotes\\""}'].join('\n') + '\n')
    const manifest = {shards: [{file: openai, requests: 2, bytes: 0}, {file: gemini, requests: 2, bytes: 0}]} as unknown as BatchManifest
    const requests = await batchRequests(manifest)
    expect([...requests.ids]).toEqual(['r-1', 'r-2', 'r-3', 'with "quotes"'])
    expect([...requests.shards]).toEqual([0, 0, 1, 1])
    expect(requests.ids.is(3, 'with "quotes"')).toBe(true)
  })

  it('names the shard file and line of a line that is not JSON', async () => {
    const dir = await scratchDir()
    const shard = join(dir, 'b.0.jsonl')
    await writeFile(shard, '{"custom_id":"r-1"}\n{"custom_id": r-2}\n')
    const manifest = {shards: [{file: shard, requests: 2, bytes: 0}]} as unknown as BatchManifest
    await expect(batchRequests(manifest)).rejects.toThrow(`${shard}:2`)
  })
})
