import {describe, expect, it} from 'vitest'

import {readPrediction, type PredictionReading} from '../../src/core/jury/predictions.js'
import {WITHHELD_CODES} from '../../src/core/jury/withheld.js'
import {WITHHELD_CODES as RESULT_WITHHELD_CODES} from '../../src/core/results/result-codes.js'
import type {ResultLine} from '../../src/core/results/result.js'

const answered = (text: string): ResultLine => ({custom_id: 'S-01', ok: true, text, model: 'm', provider: 'openai'})

const cases: {title: string; line: ResultLine; answer: string; justification: string; reading: PredictionReading}[] = [
  {title: 'the answer JSON', line: answered('{"justification": "because", "answer": "7"}'), answer: '7', justification: 'because', reading: 'as_returned'},
  {title: 'prose after the JSON', line: answered('{"justification": "because", "answer": "7"}\nHope this helps!'), answer: '7', justification: 'because', reading: 'repaired'},
  {title: 'prose before the JSON', line: answered('Here is my answer: {"justification": "b", "answer": "7"}'), answer: '7', justification: 'b', reading: 'repaired'},
  {title: 'a code fence', line: answered('```json\n{"justification": "b", "answer": "7"}\n```'), answer: '7', justification: 'b', reading: 'repaired'},
  {title: 'a fence without a language, with prose', line: answered('Sure.\n```\n{"answer": "7", "justification": "b"}\n```\nDone.'), answer: '7', justification: 'b', reading: 'repaired'},
  {title: 'braces inside a string', line: answered('Answer: {"justification": "the set {1, 2}", "answer": "}"} ok'), answer: '}', justification: 'the set {1, 2}', reading: 'repaired'},
  {title: 'single quotes (a Python dict)', line: answered("{'justification': 'it\\'s \"odd\"', 'answer': '42'}"), answer: '42', justification: 'it\'s "odd"', reading: 'repaired'},
  {title: 'a number as answer', line: answered('{"justification": "b", "answer": 42}'), answer: '42', justification: 'b', reading: 'repaired'},
  {title: 'no justification', line: answered('{"answer": "7"}'), answer: '7', justification: '', reading: 'repaired'},
  {title: 'parsed only (no text)', line: {custom_id: 'S-01', ok: true, parsed: {justification: 'b', answer: '7'}, model: 'm', provider: 'openai'}, answer: '7', justification: 'b', reading: 'as_returned'},
  {title: 'plain prose', line: answered('The answer is 7.'), answer: '', justification: '', reading: 'unreadable'},
  {title: 'a JSON list', line: answered('["7"]'), answer: '', justification: '', reading: 'unreadable'},
  {title: 'an object without the fields', line: answered('{"result": "7"}'), answer: '', justification: '', reading: 'unreadable'},
  {title: 'truncated JSON', line: answered('{"justification": "because the'), answer: '', justification: '', reading: 'unreadable'},
  {
    title: 'a failed request',
    line: {custom_id: 'S-01', ok: false, error: {code: 'expired', message: 'the batch expired'}, model: 'm', provider: 'openai'},
    answer: '',
    justification: '',
    reading: 'failed',
  },
]

describe('a prediction is read for the judges', () => {
  it.each(cases)('$title', ({line, answer, justification, reading}) => {
    expect(readPrediction(line)).toEqual({prediction: {answer, justification}, reading})
  })
})

describe('a refused, blocked or truncated answer is withheld from the judges', () => {
  it.each(WITHHELD_CODES)('%s', (code) => {
    const line: ResultLine = {custom_id: 'S-01', ok: false, text: '{"justification": "cut', error: {code, message: 'the vendor said so'}, model: 'm', provider: 'openai'}
    expect(readPrediction(line)).toEqual({reading: 'withheld', code})
  })

  it('by the codes the closed list of result codes marks withheld, and no other', () => {
    expect([...WITHHELD_CODES].sort()).toEqual([...RESULT_WITHHELD_CODES].sort())
  })
})
