import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {scratchDir} from '../support/cli.js'
import {writeFileAtomic} from '../../src/core/atomic.js'
import {AtomicJsonlWriter} from '../../src/core/jsonl.js'

describe('writes that fail leave nothing behind', () => {
  it('writeFileAtomic: a failed rename removes its temp file and keeps what was there', async () => {
    const dir = await scratchDir()
    // A directory where the file should go: the temp file is written, the rename fails.
    await mkdir(join(dir, 'record.json'))
    await writeFile(join(dir, 'record.json', 'inside'), 'kept')
    await expect(writeFileAtomic(join(dir, 'record.json'), '{"new": true}')).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/)
    expect(await readdir(dir)).toEqual(['record.json'])
    expect(await readFile(join(dir, 'record.json', 'inside'), 'utf8')).toBe('kept')
  })

  it('writeFileAtomic: a file written whole replaces the old one, with no temp file left', async () => {
    const dir = await scratchDir()
    await writeFile(join(dir, 'record.json'), 'old')
    await writeFileAtomic(join(dir, 'record.json'), 'new')
    expect(await readdir(dir)).toEqual(['record.json'])
    expect(await readFile(join(dir, 'record.json'), 'utf8')).toBe('new')
  })

  it('AtomicJsonlWriter: a commit that fails, then abort, leave the old file as it was and no temp file', async () => {
    const dir = await scratchDir()
    const path = join(dir, 'results.jsonl')
    await writeFile(path, '{"old": 1}\n')
    const writer = new AtomicJsonlWriter(path)
    // More than the writer's 1 MiB buffer: part of it goes to the temp file before the commit.
    for (let index = 0; index < 20_000; index += 1) await writer.write({custom_id: `r-${index}`, text: 'x'.repeat(60)})
    await mkdir(join(dir, 'elsewhere.jsonl', 'busy'), {recursive: true})
    await expect(writer.commit(join(dir, 'elsewhere.jsonl'))).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/)
    await writer.abort()
    expect((await readdir(dir)).sort()).toEqual(['elsewhere.jsonl', 'results.jsonl'])
    expect(await readFile(path, 'utf8')).toBe('{"old": 1}\n')
  })
})
