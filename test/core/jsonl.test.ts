import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {AtomicJsonlWriter, splitLineBatches, type NumberedLine} from '../../src/core/jsonl.js'
import {scratchDir} from '../support/cli.js'

/** The bytes as a stream delivers them: `size` at a time, each chunk on a later tick. */
async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) {
    await Promise.resolve()
    yield new Uint8Array(bytes.subarray(start, start + size))
  }
}

async function lines(bytes: Buffer, chunkSize: number): Promise<NumberedLine[]> {
  const all: NumberedLine[] = []
  for await (const batch of splitLineBatches(chunksOf(bytes, chunkSize))) all.push(...batch)
  return all
}

describe('splitLineBatches', () => {
  const text = '\uFEFF{"a":"été"}\r\n\n{"b":"日本語"}\n   \n{"c":"€"}'
  const expected = [
    {line: 1, text: '{"a":"été"}'},
    {line: 3, text: '{"b":"日本語"}'},
    {line: 5, text: '{"c":"€"}'},
  ]

  it.each([1, 2, 3, 5, 64])('gives the same lines, numbered, whatever the chunk size (%i bytes)', async (size) => {
    // Chunks of 1 to 3 bytes cut the multi-byte characters in two: whole lines are decoded, never halves.
    expect(await lines(Buffer.from(text), size)).toEqual(expected)
  })
})

describe('AtomicJsonlWriter', () => {
  it('writes lines across its 1 MiB buffer, multi-byte characters and oversized lines included, counting bytes', async () => {
    const dir = await scratchDir()
    const path = join(dir, 'out.jsonl')
    const writer = new AtomicJsonlWriter(path)
    const written: string[] = []
    // Lines of odd sizes, some with 2-, 3- and 4-byte characters, so some straddle the buffer's end.
    for (let index = 0; index < 3000; index += 1) written.push(JSON.stringify({index, text: 'é€😀'.repeat(index % 7) + 'x'.repeat(index % 997)}))
    written.push(JSON.stringify({big: 'y'.repeat(3 << 20)}))
    written.push(JSON.stringify({after: 'ü'}))
    for (const line of written) await writer.writeLine(line)
    expect(await readFile(path, 'utf8').catch(() => 'absent')).toBe('absent')
    await writer.commit()
    const content = await readFile(path)
    expect(content.toString('utf8')).toBe(written.map((line) => line + '\n').join(''))
    expect(writer.bytes).toBe(content.length)
    expect(writer.lines).toBe(written.length)
  })

  it('writes lines given in pieces, over many MiB of buffers it reuses, exactly', async () => {
    const path = join(await scratchDir(), 'pieces.jsonl')
    const writer = new AtomicJsonlWriter(path)
    const lines: string[][] = []
    for (let index = 0; index < 12_000; index += 1) lines.push([`{"i":${index},"t":"`, 'é€😀'.repeat(index % 5) + 'z'.repeat(index % 1500), '"}'])
    lines.splice(6000, 0, ['{"big":"', 'w'.repeat(2 << 20), '"}'])
    for (const pieces of lines) await writer.writePieces(pieces, Buffer.byteLength(pieces.join('')) + 1)
    await writer.commit()
    const content = await readFile(path, 'utf8')
    expect(content).toBe(lines.map((pieces) => pieces.join('') + '\n').join(''))
    expect(content.length).toBeGreaterThan(8 << 20)
  })

  it('creates an empty file when nothing was written', async () => {
    const path = join(await scratchDir(), 'empty.jsonl')
    await new AtomicJsonlWriter(path).commit()
    expect(await readFile(path, 'utf8')).toBe('')
  })
})
