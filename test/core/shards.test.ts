import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {scratchDir} from '../support/cli.js'
import {UserError} from '../../src/core/errors.js'
import {ShardedJsonlWriter} from '../../src/core/prepare/shards.js'

const line = (index: number) => JSON.stringify({custom_id: `r${index}`, body: 'x'.repeat(10)})

describe('ShardedJsonlWriter', () => {
  it('writes one file named <base>.jsonl when everything fits one batch', async () => {
    const dir = await scratchDir()
    const writer = new ShardedJsonlWriter(join(dir, 'b'), {maxRequests: 10, maxBytes: 1e6})
    for (let index = 0; index < 10; index++) await writer.writeLine([line(index)], `r${index}`)
    const shards = await writer.commit()
    expect(shards).toEqual([{file: join(dir, 'b.jsonl'), requests: 10, bytes: 10 * (line(0).length + 1)}])
    expect((await readdir(dir)).sort()).toEqual(['b.ids.jsonl', 'b.jsonl'])
    expect(await readFile(join(dir, 'b.ids.jsonl'), 'utf8')).toBe([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((index) => `"r${index}"\n`).join(''))
  })

  it('splits by request count and by bytes, keeping every line exactly once and in order', async () => {
    const dir = await scratchDir()
    const lineBytes = line(0).length + 1
    const writer = new ShardedJsonlWriter(join(dir, 'b'), {maxRequests: 4, maxBytes: lineBytes * 3})
    for (let index = 0; index < 7; index++) await writer.writeLine([line(index)], `r${index}`)
    const shards = await writer.commit()
    expect(shards.map((shard) => shard.requests)).toEqual([3, 3, 1])
    expect(shards.map((shard) => shard.file)).toEqual(['001', '002', '003'].map((part) => join(dir, `b.part-${part}.jsonl`)))
    const lines = (await Promise.all(shards.map((shard) => readFile(shard.file, 'utf8')))).join('').trim().split('\n')
    expect(lines).toEqual([0, 1, 2, 3, 4, 5, 6].map(line))
  })

  it('measures lines given in pieces in UTF-8 bytes, newline included, against the byte limit', async () => {
    const dir = await scratchDir()
    // 'é' is one character but two bytes: counted in characters, four of these lines would fit.
    const pieces = (index: number) => [`{"custom_id":"r${index}","body":"`, 'é'.repeat(10), '"}']
    const lineBytes = Buffer.byteLength(pieces(0).join('')) + 1
    const writer = new ShardedJsonlWriter(join(dir, 'b'), {maxRequests: 100, maxBytes: lineBytes * 3})
    for (let index = 0; index < 7; index++) await writer.writeLine(pieces(index), `r${index}`)
    const shards = await writer.commit()
    expect(shards.map((shard) => [shard.requests, shard.bytes])).toEqual([[3, lineBytes * 3], [3, lineBytes * 3], [1, lineBytes]])
    const written = (await Promise.all(shards.map((shard) => readFile(shard.file, 'utf8')))).join('')
    expect(written).toBe([0, 1, 2, 3, 4, 5, 6].map((index) => pieces(index).join('') + '\n').join(''))
  })

  it('leaves no file behind when aborted half-way', async () => {
    const dir = await scratchDir()
    const writer = new ShardedJsonlWriter(join(dir, 'b'), {maxRequests: 2, maxBytes: 1e6})
    for (let index = 0; index < 5; index++) await writer.writeLine([line(index)], `r${index}`)
    await writer.abort()
    expect(await readdir(dir)).toEqual([])
  })

  it('refuses a single request larger than a whole batch, naming it', async () => {
    const dir = await scratchDir()
    const writer = new ShardedJsonlWriter(join(dir, 'b'), {maxRequests: 2, maxBytes: 20})
    expect(() => writer.writeLine([line(1)], 'r1')).toThrow(UserError)
    expect(() => writer.writeLine([line(1)], 'r1')).toThrow(/request "r1" is 39 bytes, over the vendor's limit of 20 bytes/)
  })
})
