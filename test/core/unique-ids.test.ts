import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {scratchDir} from '../support/cli.js'
import {UniqueIds} from '../../src/core/prepare/unique-ids.js'

describe('UniqueIds', () => {
  it('takes 200,000 different ids without a false duplicate, and still knows each of them', async () => {
    const path = join(await scratchDir(), 'riddles.jsonl')
    const count = 200_000
    await writeFile(path, Array.from({length: count}, (_, index) => JSON.stringify({id: `riddle-${index + 1}`})).join('\n') + '\n')
    const ids = new UniqueIds(path)
    expect(() => {
      for (let line = 1; line <= count; line += 1) ids.add(`riddle-${line}`, line)
    }).not.toThrow()
    expect(() => ids.add('riddle-123456', count + 1)).toThrow(`${path}:${count + 1}: field "id": duplicate id "riddle-123456", already used on line 123456`)
    expect(() => ids.add('riddle-200001', count + 2)).not.toThrow()
  })

  it('names the first line of a repeated id, read back from the file past the first chunk', async () => {
    const path = join(await scratchDir(), 'riddles.jsonl')
    // Long lines put the repeat well past the first 256 KiB read; a blank line still counts.
    const lines = Array.from({length: 400}, (_, index) => JSON.stringify({id: `r${index}`, description: 'x'.repeat(1000)}))
    lines.splice(3, 0, '')
    lines.push(JSON.stringify({id: 'r2'}))
    await writeFile(path, '\uFEFF' + lines.join('\n') + '\n')
    const ids = new UniqueIds(path)
    const add = (line: number) => ids.add((JSON.parse(lines[line - 1]!) as {id: string}).id, line)
    for (let line = 1; line < lines.length; line += 1) if (lines[line - 1] !== '') add(line)
    expect(() => add(lines.length)).toThrow(`${path}:${lines.length}: field "id": duplicate id "r2", already used on line 3; every riddle needs its own id`)
  })
})
