import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {repeatConsistency} from '../../src/core/jury/repeat-consistency.js'
import {majorityOf, parseRepeatId, repeatId} from '../../src/core/jury/repeats.js'
import {buildRubricRequest, itemCriteria, parseRubricVerdict} from '../../src/core/rubric/rubric-request.js'
import {DEFAULT_RUBRIC, EXPECTED_CRITERION, readRubric, type Criterion} from '../../src/core/rubric/rubric.js'

async function rubricFile(content: string, name = 'rubric.json'): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'bench-rubric-')), name)
  await writeFile(file, content)
  return file
}

const CRITERIA: Criterion[] = [
  {name: 'correctness', description: 'Is it true?', scale: {min: 1, max: 10}},
  {name: 'cites', description: 'Does it cite a source?', scale: 'pass_fail'},
]

describe('rubric files', () => {
  it('reads criteria from JSON and YAML, the scale defaulting to MT-bench 1-10', async () => {
    const json = await readRubric(await rubricFile(JSON.stringify({criteria: [{name: 'correctness', description: 'Is it true?'}, {name: 'cites', description: 'Does it cite a source?', scale: 'pass_fail'}]})))
    expect(json.criteria).toEqual(CRITERIA)
    const yaml = await readRubric(await rubricFile('criteria:\n  - name: style\n    description: Is it well written?\n    scale: [1, 5]\n', 'rubric.yaml'))
    expect(yaml.criteria).toEqual([{name: 'style', description: 'Is it well written?', scale: {min: 1, max: 5}}])
  })

  it.each([
    [{criteria: []}, 'must be an object with a non-empty "criteria" list'],
    [{criteria: [{name: 'Correct ness', description: 'x'}]}, 'criteria[0].name must be lower-case letters'],
    [{criteria: [{name: 'a', description: 'x'}, {name: 'a', description: 'y'}]}, 'criteria[1].name "a" appears twice'],
    [{criteria: [{name: 'matches_expected', description: 'x'}]}, "bench's own field"],
    [{criteria: [{name: 'a', description: 'x', scale: [5, 1]}]}, 'criteria[0].scale must be [lowest, highest]'],
    [{criteria: [{name: 'a', description: 'x', weight: 2}]}, 'unknown key "weight"'],
    [{criteria: [{name: 'a'}]}, 'criteria[0].description must say what the judge grades'],
  ])('refuses %j in one line naming the key', async (content, message) => {
    const file = await rubricFile(JSON.stringify(content))
    await expect(readRubric(file)).rejects.toThrow(message)
    await expect(readRubric(file)).rejects.toThrow(/^rubric file .*rubric\.json: [^\n]+$/)
  })
})

describe('verdicts', () => {
  it('asks every criterion as a required field of a closed schema, with matches_expected where there is a reference', () => {
    const request = buildRubricRequest({custom_id: 'q1__r2', question: 'Capital of France?', reference: 'Paris', answer: 'Lyon'}, itemCriteria({source: 'r', criteria: CRITERIA}, true), {max_tokens: 50})
    expect(request.schema!.schema).toEqual({
      type: 'object',
      properties: {
        matches_expected: {type: 'boolean', description: EXPECTED_CRITERION.description},
        correctness: {type: 'integer', minimum: 1, maximum: 10, description: 'Is it true? A whole number from 1 (worst) to 10 (best).'},
        cites: {type: 'boolean', description: 'Does it cite a source?'},
      },
      required: ['matches_expected', 'correctness', 'cites'],
      additionalProperties: false,
    })
    const text = (request.parts[0] as {text: string}).text
    expect(text).toContain('[The Start of Reference Answer]\nParis\n[The End of Reference Answer]')
    expect(text).toContain("[The Start of Assistant's Answer]\nLyon\n[The End of Assistant's Answer]")
    expect(request.max_tokens).toBe(50)
    const plain = buildRubricRequest({custom_id: 'q2', question: 'Hi?', answer: 'Hello'}, itemCriteria(DEFAULT_RUBRIC, false))
    expect((plain.schema!.schema as {required: string[]}).required).toEqual(['overall'])
    expect((plain.parts[0] as {text: string}).text).not.toContain('Reference')
  })

  it('reads a verdict strictly: a grade off its scale, a missing field or a wrong type is no verdict', () => {
    expect(parseRubricVerdict('{"correctness": 7, "cites": true}', CRITERIA)).toEqual({correctness: 7, cites: 1})
    expect(parseRubricVerdict('Here:\n```json\n{"correctness": 1, "cites": false}\n```', CRITERIA)).toEqual({correctness: 1, cites: 0})
    expect(parseRubricVerdict('{"correctness": 11, "cites": true}', CRITERIA)).toBeUndefined()
    expect(parseRubricVerdict('{"correctness": 7.5, "cites": true}', CRITERIA)).toBeUndefined()
    expect(parseRubricVerdict('{"correctness": "7", "cites": true}', CRITERIA)).toBeUndefined()
    expect(parseRubricVerdict('{"correctness": 7}', CRITERIA)).toBeUndefined()
    expect(parseRubricVerdict('7/10', CRITERIA)).toBeUndefined()
  })
})

describe('repeats', () => {
  it('keeps repeat 1 under the item id, and maps later repeats back', () => {
    expect(repeatId('task-1', 1)).toBe('task-1')
    expect(repeatId('task-1', 3)).toBe('task-1__r3')
    expect(parseRepeatId('task-1__r3')).toEqual({id: 'task-1', repeat: 3})
    expect(parseRepeatId('task-1')).toEqual({id: 'task-1', repeat: 1})
    expect(parseRepeatId('a__r1')).toEqual({id: 'a__r1', repeat: 1})
  })

  it('takes the majority of the repeats, a tie going to the earliest value', () => {
    expect(majorityOf([1, 0, 0])).toBe(0)
    expect(majorityOf([1, 0])).toBe(1)
    expect(majorityOf([0, 1, 1, 0])).toBe(0)
    expect(majorityOf([undefined, 7])).toBe(7)
    expect(majorityOf([undefined])).toBeUndefined()
  })

  it("measures agreement across repeats: all-agree share, Fleiss' kappa by hand, each repeat's mean", () => {
    // 4 items x 3 repeats; the last item lacks a verdict in repeat 2, so only 3 are complete.
    const verdicts = [
      [1, 1, 1],
      [0, 0, 1],
      [0, 0, 0],
      [1, undefined, 0],
    ]
    const consistency = repeatConsistency(verdicts, 3)
    expect(consistency.complete_items).toBe(3)
    expect(consistency.all_agree).toBeCloseTo(2 / 3, 12)
    // Fleiss by hand over the 3 complete items: P_i = 1, 1/3, 1; P-bar = 7/9; p(1) = 4/9, p(0) = 5/9.
    const observed = 7 / 9
    const chance = (4 / 9) ** 2 + (5 / 9) ** 2
    expect(consistency.fleiss_kappa).toBeCloseTo((observed - chance) / (1 - chance), 12)
    expect(consistency.per_repeat_mean).toEqual([0.5, 1 / 3, 0.5])
    expect(repeatConsistency(verdicts, 1).fleiss_kappa).toBeNull()
  })
})
