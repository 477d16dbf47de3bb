import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import type {CanonicalRequest} from '../../src/core/prepare/request.js'
import {serializeRequest} from '../../src/core/prepare/serialize-line.js'
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
    expect(() => JSON.parse(line.pieces.join('')) as unknown).not.toThrow()
  })
})
