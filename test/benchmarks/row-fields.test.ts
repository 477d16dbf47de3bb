import {describe, expect, it} from 'vitest'

import {RowFields} from '../../src/core/benchmarks/row-fields.js'

/** The fields of row 3 of data.jsonl holding `value`. */
const row = (value: unknown): RowFields => new RowFields({place: {file: 'data.jsonl', unit: 'line', index: 3}, value})

describe('RowFields: a wrong field of a benchmark row is refused in one line naming the file, the row and the field', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'data.jsonl, line 3: must be one JSON object, not null'],
    ['a list', ['a'], 'data.jsonl, line 3: must be one JSON object, not a list'],
    ['a string', 'a', 'data.jsonl, line 3: must be one JSON object, not a string'],
  ])('a row that is %s', (_, value, message) => {
    expect(() => row(value)).toThrow(message)
  })

  it.each<[string, (fields: RowFields) => unknown, string]>([
    ['a missing text', (fields) => fields.text('nope'), 'field "nope" is missing; add it as a string'],
    ['a null text', (fields) => fields.text('none'), 'field "none" is missing'],
    ['a text that is an object', (fields) => fields.text('object'), 'field "object" must be a string, not an object'],
    ['a blank text', (fields) => fields.text('blank'), 'field "blank" is empty'],
    ['a 64-bit integer read as a number', (fields) => fields.text('big'), 'field "big" must be a string, not a number'],
    ['a fraction as an integer', (fields) => fields.integer('fraction'), 'field "fraction" must be a whole number, not a number'],
    ['words as an integer', (fields) => fields.integer('question'), 'field "question" must be a whole number, not "What is 2 + 2?"'],
    ['one choice where two are needed', (fields) => fields.strings('one'), 'field "one" must be a list of at least 2 strings, not 1'],
    ['a string where choices are needed', (fields) => fields.strings('question'), 'field "question" must be a list of at least 2 strings, not a string'],
    ['a number among the choices', (fields) => fields.strings('mixed'), 'field "mixed[1]" must be a string, not a number'],
    ['a value outside the closed list', (fields) => fields.oneOf('question', ['yes', 'no']), 'field "question" must be "yes" or "no", not "What is 2 + 2?"'],
    ['a list where one of a closed list is needed', (fields) => fields.oneOf('mixed', ['yes', 'no']), 'field "mixed" must be "yes" or "no", not a list'],
    ['a list where an object is needed', (fields) => fields.object('mixed'), 'field "mixed" must be an object, not a list'],
  ])('%s', (_, read, message) => {
    const fields = row({question: 'What is 2 + 2?', none: null, object: {}, blank: '  ', big: 7n, fraction: 1.5, one: ['a'], mixed: ['a', 2]})
    expect(() => read(fields)).toThrow(`data.jsonl, line 3: ${message}`)
  })

  it('reads good values: an integer from a bigint or a string of digits, an absent optional text, an object', () => {
    const fields = row({n: 7n, s: ' -12 ', choices: ['a', ''], kind: 'yes', meta: {a: 1}})
    expect([fields.integer('n'), fields.integer('s')]).toEqual([7, -12])
    expect(fields.optionalText('absent')).toBeUndefined()
    expect(fields.strings('choices')).toEqual(['a', ''])
    expect(fields.oneOf('kind', ['yes', 'no'])).toBe('yes')
    expect(fields.object('meta')).toEqual({a: 1})
  })
})
