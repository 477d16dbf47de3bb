import {describe, expect, it} from 'vitest'

import {JsonStringFields} from '../../src/core/json-string-fields.js'
import {Random} from '../../src/core/score/random.js'

const KEYS = ['model_a', 'model_b', 'winner']

/** What the scanner found, as strings, or undefined when it said no. */
function scanned(line: string | Buffer): string[] | undefined {
  const bytes = typeof line === 'string' ? Buffer.from(line) : line
  const fields = new JsonStringFields(KEYS)
  if (!fields.scan(bytes, 0, bytes.length)) return undefined
  return KEYS.map((_, index) => bytes.toString('utf8', fields.starts[index], fields.ends[index]))
}

/** What JSON.parse makes of the line: the three values when they are all strings, else undefined (or 'error'). */
function parsed(line: string | Buffer): string[] | 'error' | undefined {
  let value: unknown
  try {
    value = JSON.parse(line.toString())
  } catch {
    return 'error'
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const fields = KEYS.map((key) => (value as Record<string, unknown>)[key])
  return fields.every((field) => typeof field === 'string') ? fields : undefined
}

const VALID = [
  '{"model_a":"gpt-4","model_b":"claude-3","winner":"model_a"}',
  ' { "winner" : "tie" , "model_b":"b", "model_a" : "a", "n": -0.5e+3, "m": [1, 2.25, {"x": [true, false, null]}], "o": {} , "p": [] }\r',
  '{"model_a":"a","model_b":"b","winner":"tie (bothbad)","judge":"arena_user_1","tstamp":1700000000,"turn":1,"anony":true,"language":"English"}',
  '{"model_a":"modèle-ü","model_b":"模型","winner":"model_b","note":"☃ 😀"}',
  '{"model_a":"first","model_b":"b","winner":"tie","model_a":"second"}',
  '{"model_a":"a","model_b":"b","winner":"tie","x":0,"y":1E5,"z":-12.5e-2,"w":10}',
]

const REFUSED = [
  '{"model_a":"a","model_b":"b"}', // a wanted key missing
  '{"model_a":"a","model_b":"b","winner":1}', // not a string
  '{"model_a":"a","model_b":"b","winner":"tie","model_a":null}', // the last duplicate is not a string
  '{"model_a":"a\\u002d1","model_b":"b","winner":"tie"}', // an escape in a wanted value
  '{"model_a":"a","model_b":"b","winner":"tie","text":"say \\"hi\\""}', // an escape anywhere
  '{"model_a":"a","model_b":"b","winner":"tie"} x', // something after the object
  '{"model_a":"a","model_b":"b","winner":"tie",}', // trailing comma
  '{"model_a":"a","model_b":"b","winner":"tie","n":01}', // leading zero
  '{"model_a":"a","model_b":"b","winner":"tie","n":1.}',
  '{"model_a":"a","model_b":"b","winner":"tie","n":.5}',
  '{"model_a":"a","model_b":"b","winner":"tie","n":-}',
  '{"model_a":"a","model_b":"b","winner":"tie","n":1e}',
  '{"model_a":"a","model_b":"b","winner":"tie","n":tru}',
  '{"model_a":"a","model_b":"b","winner":"tie","n":[1,]}',
  '{"model_a":"a\tb","model_b":"b","winner":"tie"}', // a raw tab inside a string
  '[{"model_a":"a","model_b":"b","winner":"tie"}]', // not an object
  '"model_a"',
  '',
  '   ',
  '\uFEFF{"model_a":"a","model_b":"b","winner":"tie"}', // a byte-order mark
  '{"model_a":"a","model_b":"b","winner":"tie","deep":' + '['.repeat(80) + ']'.repeat(80) + '}',
  '{"model_a":"a","model_b":"b","winner":"tie"', // cut short
]

describe('JsonStringFields', () => {
  it('finds the strings JSON.parse finds, last duplicate winning, in valid lines without escapes', () => {
    for (const line of VALID) expect(scanned(line), line).toEqual(parsed(line))
  })

  it('says no to whatever it cannot vouch for, so that JSON.parse decides', () => {
    for (const line of REFUSED) expect(scanned(line), line).toBeUndefined()
  })

  it('never says yes where JSON.parse disagrees: 60,000 random mutations of valid lines', () => {
    const random = new Random(7)
    const alphabet = Buffer.from('{}[]:,"\\ 0123456789.-+eEtrufalsn\t\nx\u00e9')
    let agreed = 0
    for (let trial = 0; trial < 60_000; trial += 1) {
      const bytes = Buffer.from(VALID[trial % VALID.length]!)
      const mutations = 1 + Math.floor(random.float() * 3)
      let line = bytes
      for (let mutation = 0; mutation < mutations; mutation += 1) {
        const at = Math.floor(random.float() * line.length)
        const byte = Buffer.from([alphabet[Math.floor(random.float() * alphabet.length)]!])
        const kind = random.float()
        line = kind < 0.33 ? Buffer.concat([line.subarray(0, at), line.subarray(at + 1)]) : kind < 0.66 ? Buffer.concat([line.subarray(0, at), byte, line.subarray(at)]) : Buffer.concat([line.subarray(0, at), byte, line.subarray(at + 1)])
      }
      const fast = scanned(line)
      if (fast === undefined) continue
      expect(parsed(line), line.toString()).toEqual(fast)
      agreed += 1
    }
    // The mutations leave many lines valid: the check above ran on them.
    expect(agreed).toBeGreaterThan(5_000)
  })

  it('takes bytes from 0x80 up as they are, as decoding then JSON.parse does, invalid UTF-8 included', () => {
    const line = Buffer.concat([Buffer.from('{"model_a":"a'), Buffer.from([0xff, 0xc3]), Buffer.from('","model_b":"b","winner":"tie"}')])
    expect(scanned(line)).toEqual(parsed(line))
  })
})
