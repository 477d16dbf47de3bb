import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {scratchDir} from '../support/cli.js'
import {UniqueIds} from '../../src/core/prepare/unique-ids.js'

describe('UniqueIds', () => {
  it('takes 200,000 different ids without a false duplicate', () => {
    const ids = new UniqueIds('unused.jsonl')
    for (let line = 1; line <= 200_000; line += 1) ids.add(`riddle-${line}`, line)
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
