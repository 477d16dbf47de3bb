import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {SAMPLE_DATASET_PATH} from '../../src/core/dataset.js'
import {encodeLines} from '../../src/core/encoded-lines.js'
import type {CanonicalRequest} from '../../src/core/request.js'
import {serializeRequest} from '../../src/core/serialize-line.js'
import {PROVIDER_NAMES, loadFormat} from '../../src/providers/index.js'

/** A real picture of the sample dataset: a few KB of base64, big enough to be spliced. */
const picture = readFileSync(SAMPLE_DATASET_PATH, 'utf8')
  .split('\n')
  .map((line) => (line === '' ? undefined : (JSON.parse(line) as {img: string; split: string})))
  .find((riddle) => riddle?.split === 'vlm')!.img

function request(text: string, data = picture): CanonicalRequest {
  return {
    custom_id: 'riddle-1',
    system: 'Answer the riddle.',
    parts: [{type: 'text', text}, {type: 'image', mime: 'image/jpeg', data}, {type: 'text', text: 'Hint: "quotes" and é'}],
    max_tokens: 100,
  }
}

describe('serializeRequest', () => {
  it.each(PROVIDER_NAMES)('writes the same %s line as JSON.stringify, with the picture spliced in', async (provider) => {
    const format = await loadFormat(provider)
    const line = serializeRequest(request('Riddle question: how many?'), format, 'model-1')
    expect(line.pieces.join('')).toBe(JSON.stringify(format.toLine(request('Riddle question: how many?'), 'model-1')))
    expect(line.pieces).toContain(picture)
    expect(line.id).toBe('riddle-1')
  })

  it('stringifies the line whole when a riddle holds a marker itself', async () => {
    const format = await loadFormat('openai')
    const sneaky = request('look: \u0000bench-payload-0\u0000 here')
    const line = serializeRequest(sneaky, format, 'gpt-4.1')
    expect(line.pieces).toEqual([JSON.stringify(format.toLine(sneaky, 'gpt-4.1'))])
  })

  it('escapes data that is not base64 rather than splicing it raw', async () => {
    const format = await loadFormat('anthropic')
    const broken = request('q', '"\\\n'.repeat(600))
    const line = serializeRequest(broken, format, 'claude')
    expect(line.pieces).toEqual([JSON.stringify(format.toLine(broken, 'claude'))])
    expect(() => JSON.parse(line.pieces.join(''))).not.toThrow()
  })

  it('encodes the pieces of each line into one valid JSONL block', async () => {
    const format = await loadFormat('gemini')
    const lines = [serializeRequest(request('first'), format, 'gemini-2.5-flash'), serializeRequest(request('second é'), format, 'gemini-2.5-flash')]
    const encoded = encodeLines(lines)
    const text = Buffer.from(encoded.bytes).toString('utf8')
    expect(text.split('\n').slice(0, -1).map((json) => JSON.parse(json).key)).toEqual(['riddle-1', 'riddle-1'])
    expect([...encoded.lineBytes]).toEqual(lines.map((line) => Buffer.byteLength(line.pieces.join('')) + 1))
  })
})
