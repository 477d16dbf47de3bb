import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {TINY_JPEG, TINY_PNG, pictureRiddle, textRiddle} from '../providers/riddle-fixtures.js'
import {buildJudgeRequest, buildPredictionRequest} from '../../src/core/dataset/layton-prompt.js'
import {BenchmarkAnswer, BenchmarkJudgement} from '../../src/core/dataset/schemas.js'
import {UserError} from '../../src/core/errors.js'
import {LAYTON} from '../support/fixtures.js'
import {matching} from '../support/matchers.js'

const text = (value: string) => ({type: 'text', text: value})
const jpeg = {type: 'image', mime: 'image/jpeg', data: TINY_JPEG}

describe('buildPredictionRequest', () => {
  it('asks the bare question with hints 0, under the answer schema, keyed by the riddle id', () => {
    const request = buildPredictionRequest(textRiddle, {hints: 0})
    expect(request).toStrictEqual({
      custom_id: '005-3',
      system: matching.stringMatching(/justification[\s\S]*answer/),
      parts: [text('Riddle question: A farmer has 17 sheep. All but 9 run away. How many are left?')],
      schema: BenchmarkAnswer,
    })
  })

  it('adds the first N hints as separate parts, in game order', () => {
    expect(buildPredictionRequest(textRiddle, {hints: 2}).parts.slice(1)).toStrictEqual([
      text('First hint: Read the question slowly.'),
      text('Second hint: "All but 9" says how many stay.'),
    ])
    expect(buildPredictionRequest(textRiddle, {hints: 4}).parts.slice(1)).toStrictEqual([
      text('First hint: Read the question slowly.'),
      text('Second hint: "All but 9" says how many stay.'),
      text('Third hint: Ignore the 17.'),
      text('Special hint: The answer is a single digit.'),
    ])
  })

  it('puts the image right after the question for vlm riddles and skips missing hints', () => {
    expect(buildPredictionRequest(pictureRiddle, {hints: 4}).parts).toStrictEqual([
      text('Riddle question: Move one match to make the equation true.'),
      jpeg,
      text('First hint: Look at the plus sign.'),
      text('Third hint: A plus can become a minus.'),
      text('Special hint: Move the vertical match of the plus.'),
    ])
    expect(buildPredictionRequest(pictureRiddle, {hints: 0}).parts).toStrictEqual([
      text('Riddle question: Move one match to make the equation true.'),
      jpeg,
    ])
  })

  it('never sends the image of an llm riddle', () => {
    expect(buildPredictionRequest(textRiddle, {hints: 4}).parts.some((part) => part.type === 'image')).toBe(false)
  })

  it('skips a hint made only of blanks', () => {
    const riddle = {...textRiddle, first_hint: '  '}
    expect(buildPredictionRequest(riddle, {hints: 1}).parts).toHaveLength(1)
  })

  it('recognises a PNG image by its signature', () => {
    const request = buildPredictionRequest({...pictureRiddle, img: TINY_PNG}, {hints: 0})
    expect(request.parts[1]).toStrictEqual({type: 'image', mime: 'image/png', data: TINY_PNG})
  })

  it('carries token limit, thinking and temperature only when given', () => {
    const request = buildPredictionRequest(textRiddle, {hints: 0, maxTokens: 4000, thinking: {level: 'high'}, temperature: 0})
    expect(request).toMatchObject({max_tokens: 4000, thinking: {level: 'high'}, temperature: 0})
    expect(Object.keys(buildPredictionRequest(textRiddle, {hints: 0, maxTokens: undefined}))).not.toContain('max_tokens')
  })

  it('refuses a hint count outside 0 to 4', () => {
    expect(() => buildPredictionRequest(textRiddle, {hints: 5})).toThrow(UserError)
    expect(() => buildPredictionRequest(textRiddle, {hints: 1.5})).toThrow(/--hints must be a whole number from 0 to 4/)
  })

  it('refuses a vlm riddle without a usable image, saying what is wrong with it', () => {
    expect(() => buildPredictionRequest({...pictureRiddle, img: ''}, {hints: 0})).toThrow(
      'riddle "W16-447" is in split vlm but its "img" is empty; give the picture as a base64 JPEG',
    )
    expect(() => buildPredictionRequest({...pictureRiddle, img: 'R0lGODlhAQABAAAAACw='}, {hints: 0})).toThrow(/neither a JPEG nor a PNG/)
  })
})

describe('buildJudgeRequest', () => {
  const prediction = {answer: '8', justification: 'Eight sheep ran away.'}

  it('shows the riddle with every hint, the ground truth, then the participant, under the judgement schema', () => {
    const request = buildJudgeRequest(textRiddle, prediction)
    expect(request).toStrictEqual({
      custom_id: '005-3',
      system: matching.stringMatching(/is_answer_correct[\s\S]*is_justification_correct/),
      parts: [
        text('Riddle question: A farmer has 17 sheep. All but 9 run away. How many are left?'),
        text('First hint: Read the question slowly.'),
        text('Second hint: "All but 9" says how many stay.'),
        text('Third hint: Ignore the 17.'),
        text('Special hint: The answer is a single digit.'),
        text('Riddle answer: 9'),
        text('Riddle solution: All but 9 run away, so 9 remain.'),
        text('Suggested justification: All but nine leave, so nine are left.'),
        text('Participant answer: 8'),
        text('Participant justification: Eight sheep ran away.'),
      ],
      schema: BenchmarkJudgement,
    })
  })

  it('includes the image for vlm riddles and leaves out a missing solution', () => {
    const request = buildJudgeRequest(pictureRiddle, {answer: '', justification: ''}, {maxTokens: 64000, thinking: {budget: 32000}})
    expect(request.parts).toStrictEqual([
      text('Riddle question: Move one match to make the equation true.'),
      jpeg,
      text('First hint: Look at the plus sign.'),
      text('Third hint: A plus can become a minus.'),
      text('Special hint: Move the vertical match of the plus.'),
      text('Riddle answer: 6 - 2 = 4'),
      text('Suggested justification: Taking the vertical stick from the plus makes a minus, and 6 - 2 = 4.'),
      text('Participant answer: '),
      text('Participant justification: '),
    ])
    expect(request).toMatchObject({max_tokens: 64000, thinking: {budget: 32000}})
  })
})

describe('output schemas', () => {
  it('match the schemas published with the benchmark', () => {
    for (const [file, schema] of [
      ['benchmark_answer_schema.json', BenchmarkAnswer],
      ['benchmark_judgement_schema.json', BenchmarkJudgement],
    ] as const) {
      const {json_schema: expected} = JSON.parse(readFileSync(join(LAYTON, file), 'utf8')) as {json_schema: {name: string; schema: unknown}}
      expect(schema.name).toBe(expected.name)
      // Key order matters too: the model writes `justification` before `answer`.
      expect(JSON.stringify(schema.schema)).toBe(JSON.stringify(expected.schema))
    }
  })
})
