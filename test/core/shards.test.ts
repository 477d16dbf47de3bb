import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {encodeLines} from '../../src/core/encoded-lines.js'
import {UserError} from '../../src/core/errors.js'
import {ShardedJsonlWriter} from '../../src/core/shards.js'
import {scratchDir} from '../support/cli.js'

const line = (index: number) => JSON.stringify({custom_id: `r${index}`, body: 'x'.repeat(10)})

describe('ShardedJsonlWriter', () => {
  it('writes one file named <base>.jsonl when everything fits one batch', async () => {
    const dir = await scratchDir()
    const writer = new ShardedJsonlWriter(join(dir, 'b'), {maxRequests: 10, maxBytes: 1e6})
    for (let index = 0; index < 10; index++) await writer.writeLine(line(index), `r${index}`)
    const shards = await writer.commit()
    expect(shards).toEqual([{file: join(dir, 'b.jsonl'), requests: 10, bytes: 10 * (line(0).length + 1)}])
    expect((await readdir(dir)).sort()).toEqual(['b.ids.jsonl', 'b.jsonl'])
    expect(await readFile(join(dir, 'b.ids.jsonl'), 'utf8')).toBe([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((index) => `"r${index}"\n`).join(''))
  })

  it('splits by request count and by bytes, keeping every line exactly once and in order', async () => {
    const dir = await scratchDir()
    const lineBytes = line(0).length + 1
    const writer = new ShardedJsonlWriter(join(dir, 'b'), {maxRequests: 4, maxBytes: lineBytes * 3})
    for (let index = 0; index < 7; index++) await writer.writeLine(line(index), `r${index}`)
    const shards = await writer.commit()
    expect(shards.map((shard) => shard.requests)).toEqual([3, 3, 1])
    expect(shards.map((shard) => shard.file)).toEqual(['001', '002', '003'].map((part) => join(dir, `b.part-${part}.jsonl`)))
    const lines = (await Promise.all(shards.map((shard) => readFile(shard.file, 'utf8')))).join('').trim().split('\n')
    expect(lines).toEqual([0, 1, 2, 3, 4, 5, 6].map(line))
  })

  it('cuts encoded blocks where a limit falls inside them, with the same files as line by line', async () => {
    const ids = Array.from({length: 11}, (_, index) => `r${index}`)
    // Non-ASCII text makes byte lengths differ from string lengths.
    const json = ids.map((id, index) => JSON.stringify({custom_id: id, body: 'é'.repeat(index)}))
    const limits = {maxRequests: 4, maxBytes: 120}
    const byLine = await scratchDir()
    const lineWriter = new ShardedJsonlWriter(join(byLine, 'b'), limits)
    for (const [index, id] of ids.entries()) await lineWriter.writeLine(json[index]!, id)
    const expected = await lineWriter.commit()

    const byBlock = await scratchDir()
    const blockWriter = new ShardedJsonlWriter(join(byBlock, 'b'), limits)
    const lines = json.map((text, index) => ({id: ids[index]!, pieces: [text], tokens: index}))
    for (const block of [lines.slice(0, 3), lines.slice(3, 10), lines.slice(10)]) await blockWriter.writeLines(encodeLines(block))
    const shards = await blockWriter.commit()

    expect(shards.map(({requests, bytes}) => [requests, bytes])).toEqual(expected.map(({requests, bytes}) => [requests, bytes]))
    expect(shards.length).toBeGreaterThan(2)
    for (const [index, shard] of shards.entries()) expect(await readFile(shard.file, 'utf8')).toBe(await readFile(expected[index]!.file, 'utf8'))
    expect(await readFile(join(byBlock, 'b.ids.jsonl'), 'utf8')).toBe(await readFile(join(byLine, 'b.ids.jsonl'), 'utf8'))
  })

  it('leaves no file behind when aborted half-way', async () => {
    const dir = await scratchDir()
    const writer = new ShardedJsonlWriter(join(dir, 'b'), {maxRequests: 2, maxBytes: 1e6})
    for (let index = 0; index < 5; index++) await writer.writeLine(line(index), `r${index}`)
    await writer.abort()
    expect(await readdir(dir)).toEqual([])
  })

  it('refuses a single request larger than a whole batch, naming it', async () => {
    const dir = await scratchDir()
    const writer = new ShardedJsonlWriter(join(dir, 'b'), {maxRequests: 2, maxBytes: 20})
    expect(() => writer.writeLine(line(1), 'r1')).toThrow(UserError)
    expect(() => writer.writeLine(line(1), 'r1')).toThrow(/request "r1" is 39 bytes, over the vendor's limit of 20 bytes/)
  })
})
