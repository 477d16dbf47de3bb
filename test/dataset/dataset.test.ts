import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {collect, riddleRecord, temporaryDirectory, writeJsonl} from './riddle-fixture.js'
import {imageMimeType} from '../../src/core/dataset/dataset-image.js'
import {loadRiddles, SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'

let directory: Awaited<ReturnType<typeof temporaryDirectory>>
beforeEach(async () => {
  directory = await temporaryDirectory()
})
afterEach(async () => {
  await directory.remove()
})

/** Six riddles alternating llm, vlm: L1 V2 L3 V4 L5 V6. */
function mixedRiddles(): Record<string, unknown>[] {
  return [1, 2, 3, 4, 5, 6].map((n) => riddleRecord({id: `${n % 2 === 1 ? 'L' : 'V'}${n}`, split: n % 2 === 1 ? 'llm' : 'vlm'}))
}

async function idsOf(path: string, options: Parameters<typeof loadRiddles>[1]): Promise<string[]> {
  return (await collect(loadRiddles({kind: 'file', path}, options))).map((riddle) => riddle.id)
}

describe('loadRiddles from a file', () => {
  it('keeps every riddle for split full, and only the split asked for otherwise', async () => {
    const path = await writeJsonl(directory.path, 'mixed.jsonl', mixedRiddles())
    expect(await idsOf(path, {})).toEqual(['L1', 'V2', 'L3', 'V4', 'L5', 'V6'])
    expect(await idsOf(path, {split: 'full'})).toEqual(['L1', 'V2', 'L3', 'V4', 'L5', 'V6'])
    expect(await idsOf(path, {split: 'llm'})).toEqual(['L1', 'L3', 'L5'])
    expect(await idsOf(path, {split: 'vlm'})).toEqual(['V2', 'V4', 'V6'])
  })

  it('stops after limit riddles of the split, without reading the lines past them', async () => {
    const path = await writeJsonl(directory.path, 'mixed.jsonl', [...mixedRiddles(), 'this line is never read'])
    expect(await idsOf(path, {split: 'vlm', limit: 2})).toEqual(['V2', 'V4'])
    expect(await idsOf(path, {limit: 1})).toEqual(['L1'])
    expect(await idsOf(path, {limit: 0})).toEqual([])
  })

  it('validates the riddles of the other split too', async () => {
    const path = await writeJsonl(directory.path, 'mixed.jsonl', [riddleRecord(), riddleRecord({id: 'V2', split: 'vlm', answer: null})])
    await expect(idsOf(path, {split: 'llm'})).rejects.toThrow(`${path}:2: field "answer": must be a string, not null`)
  })

  it('names the file and the line counted with blank lines, for a bad riddle', async () => {
    const path = await writeJsonl(directory.path, 'bad.jsonl', [riddleRecord(), '', riddleRecord({id: 'T-2', picarats: 'ten'})])
    await expect(idsOf(path, {})).rejects.toThrow(`${path}:3: field "picarats": must be a number or null, not a string`)
  })

  it('rejects a line that is not JSON, naming the file and line', async () => {
    const path = await writeJsonl(directory.path, 'broken.jsonl', [riddleRecord(), '{"id": "T-2",'])
    await expect(idsOf(path, {})).rejects.toThrow(`${path}:2: not valid JSON; each line must be one JSON object`)
  })

  it('rejects a repeated id, naming both lines, even across splits', async () => {
    const lines = [riddleRecord({id: 'A'}), riddleRecord({id: 'B'}), riddleRecord({id: 'A', split: 'vlm'})]
    const path = await writeJsonl(directory.path, 'twice.jsonl', lines)
    await expect(idsOf(path, {split: 'vlm'})).rejects.toThrow(
      `${path}:3: field "id": duplicate id "A", already used on line 1; every riddle needs its own id`,
    )
  })

  it('says when the file does not exist or is a directory', async () => {
    const missing = `${directory.path}/nowhere.jsonl`
    await expect(idsOf(missing, {})).rejects.toThrow(`dataset file not found: ${missing}; check the path given to --dataset`)
    await expect(idsOf(directory.path, {})).rejects.toThrow(`${directory.path} is a directory: give --dataset a JSONL file, one riddle per line`)
  })
})

describe('the bundled sample dataset', () => {
  it('validates, has both splits, and carries a real JPEG on every riddle', async () => {
    const riddles = await collect(loadRiddles({kind: 'file', path: SAMPLE_DATASET_PATH}))
    expect(riddles.length).toBeGreaterThanOrEqual(10)
    expect(riddles.filter((riddle) => riddle.split === 'llm').length).toBeGreaterThanOrEqual(4)
    expect(riddles.filter((riddle) => riddle.split === 'vlm').length).toBeGreaterThanOrEqual(4)
    for (const riddle of riddles) {
      expect(imageMimeType(riddle.img), riddle.id).toBe('image/jpeg')
      // A whole JPEG ends with the end-of-image marker: the picture is not just a header.
      expect(Buffer.from(riddle.img, 'base64').subarray(-2).toString('hex'), riddle.id).toBe('ffd9')
    }
  })
})
