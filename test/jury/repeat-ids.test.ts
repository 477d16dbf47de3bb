import {describe, expect, it} from 'vitest'

import {missingRepeats, parseRepeatId, repeatBatchName, repeatedRequests, type RepeatRange} from '../../src/core/jury/repeats.js'

/** Every request `repeatedRequests` yields for these ids, its custom_id only. */
async function asked(ids: string[], repeats: RepeatRange): Promise<string[]> {
  const sent: string[] = []
  for await (const request of repeatedRequests(repeats, () => ids.map((custom_id) => ({custom_id})))) sent.push(request.custom_id)
  return sent
}

describe('the ids of repeated requests', () => {
  it('asks every item once per repeat, repeat after repeat, and reads each id back to its item and repeat', async () => {
    const sent = await asked(['a', 'S.03'], {from: 1, to: 3})
    expect(sent).toEqual(['a', 'S.03', 'a__r2', 'S.03__r2', 'a__r3', 'S.03__r3'])
    expect(sent.map(parseRepeatId)).toEqual([1, 1, 2, 2, 3, 3].map((repeat, index) => ({id: index % 2 === 0 ? 'a' : 'S.03', repeat})))
  })

  it('asks only the repeats still missing, in a batch named after them', async () => {
    const range = missingRepeats([{from: 1, to: 3}], 4)!
    expect(range).toEqual({from: 4, to: 4})
    expect(repeatBatchName('judge_x_by_openai_gpt-5-1', range)).toBe('judge_x_by_openai_gpt-5-1_r4-4')
    expect(await asked(['a'], range)).toEqual(['a__r4'])
    expect(missingRepeats([{from: 1, to: 3}, {from: 4, to: 4}], 4)).toBeUndefined()
  })

  it("refuses, with repeats, an item whose own id reads as a repeat's; asked once, it is an id like any other", async () => {
    await expect(asked(['a', 'b__r2'], {from: 1, to: 2})).rejects.toThrow('id "b__r2" ends like a repeat\'s id (<id>__r<k>)')
    await expect(asked(['b__r2'], {from: 2, to: 2})).rejects.toThrow('id "b__r2" ends like a repeat\'s id')
    expect(await asked(['b__r2'], {from: 1, to: 1})).toEqual(['b__r2'])
  })
})
