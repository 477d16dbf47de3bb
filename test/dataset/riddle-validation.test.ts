import {describe, expect, it} from 'vitest'

import {riddleRecord, TINY_JPEG} from './riddle-fixture.js'
import {imageMimeType} from '../../src/core/dataset/dataset-image.js'
import {validateRiddle} from '../../src/core/dataset/riddle-validation.js'
import {UserError} from '../../src/core/errors.js'

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64')
const GIF = Buffer.from('GIF89a\x01\x00', 'latin1').toString('base64')

function withoutField(field: string): Record<string, unknown> {
  const {[field]: _removed, ...rest} = riddleRecord()
  return rest
}

function messageFor(value: unknown): string {
  try {
    validateRiddle(value, 'riddles.jsonl', 7)
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    return (error as UserError).message
  }
  throw new Error('expected the riddle to be rejected')
}

describe('validateRiddle', () => {
  it('returns the riddle with the schema fields only, ignoring unknown extra fields', () => {
    const riddle = validateRiddle(riddleRecord({source_page: 'wiki', extra: [1, 2]}), 'riddles.jsonl', 1)
    expect(riddle).toEqual(riddleRecord())
  })

  it('accepts an empty picture in an llm riddle, whose prompt sends none', () => {
    expect(validateRiddle(riddleRecord({split: 'llm', img: ''}), 'riddles.jsonl', 1)).toMatchObject({split: 'llm', img: ''})
  })

  it('accepts null where the schema allows it, and a PNG picture', () => {
    const nulls = {picarats: null, first_hint: null, solution: null, img: PNG}
    expect(validateRiddle(riddleRecord(nulls), 'riddles.jsonl', 1)).toMatchObject(nulls)
  })

  it.each([
    ['a missing string field', withoutField('answer'), 'field "answer": missing; add it as a string'],
    ['a missing nullable hint', withoutField('third_hint'), 'field "third_hint": missing; add it as a string or null'],
    ['a missing picarats', withoutField('picarats'), 'field "picarats": missing; add it as a number or null'],
    ['a missing split', withoutField('split'), 'field "split": missing; add it as "llm" or "vlm"'],
    ['a missing picture', withoutField('img'), 'field "img": missing; add it as a base64 JPEG string'],
    ['a number id', riddleRecord({id: 5}), 'field "id": must be a string, not a number'],
    ['an empty id', riddleRecord({id: ' '}), 'field "id": is empty; give every riddle a unique id, e.g. "005-3"'],
    ['a null category', riddleRecord({category: null}), 'field "category": must be a string, not null'],
    ['picarats as text', riddleRecord({picarats: '30'}), 'field "picarats": must be a number or null, not a string'],
    ['a boolean hint', riddleRecord({first_hint: false}), 'field "first_hint": must be a string or null, not a boolean'],
    ['an object solution', riddleRecord({solution: {text: 'x'}}), 'field "solution": must be a string or null, not an object'],
    ['an array answer', riddleRecord({answer: ['12']}), 'field "answer": must be a string, not an array'],
    ['an unknown split', riddleRecord({split: 'full'}), 'field "split": must be "llm" or "vlm", not "full"'],
    ['a null split', riddleRecord({split: null}), 'field "split": must be "llm" or "vlm", not null'],
    ['a number picture', riddleRecord({img: 42}), 'field "img": must be a base64 JPEG string, not a number'],
    ['an empty picture of a vlm riddle', riddleRecord({split: 'vlm', img: ''}), 'field "img": is empty; give the picture as a base64 JPEG'],
    [
      'a picture that is not base64',
      riddleRecord({img: 'not base64!'}),
      'field "img": is not base64 (A-Z, a-z, 0-9, "+", "/", "=" padding, no line breaks); give the picture as a base64 JPEG',
    ],
    [
      'base64 cut short',
      riddleRecord({img: TINY_JPEG.slice(0, -1)}),
      'field "img": is not base64 (A-Z, a-z, 0-9, "+", "/", "=" padding, no line breaks); give the picture as a base64 JPEG',
    ],
    [
      'the base64 of a GIF',
      riddleRecord({img: GIF}),
      'field "img": decodes to neither a JPEG nor a PNG (first bytes 47 49 46 38); convert the picture to JPEG',
    ],
    [
      'a data: URL',
      riddleRecord({img: `data:image/jpeg;base64,${TINY_JPEG}`}),
      'field "img": starts with "data:"; give the bare base64 without the data: URL prefix',
    ],
  ])('rejects %s with one line naming file, line and field', (_case, value, problem) => {
    expect(messageFor(value)).toBe(`riddles.jsonl:7: ${problem}`)
  })

  it('names the first wrong field in schema order when several are wrong', () => {
    expect(messageFor(riddleRecord({answer: 1, category: 2}))).toBe('riddles.jsonl:7: field "category": must be a string, not a number')
  })

  it.each([
    ['an array', [riddleRecord()]],
    ['a string', 'T-1'],
    ['null', null],
  ])('rejects a line holding %s instead of an object', (kind, value) => {
    expect(messageFor(value)).toBe(`riddles.jsonl:7: expected one JSON object (a riddle) per line, not ${kind}`)
  })
})

describe('imageMimeType', () => {
  it('tells JPEG from PNG by the signature, and knows neither a GIF', () => {
    expect([imageMimeType(TINY_JPEG), imageMimeType(PNG), imageMimeType(GIF)]).toEqual(['image/jpeg', 'image/png', undefined])
  })
})
