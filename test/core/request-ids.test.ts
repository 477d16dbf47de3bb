import {describe, expect, it} from 'vitest'

import {RequestFinder} from '../../src/core/request-ids.js'

describe('RequestFinder', () => {
  const ids = ['a', 'b', 'c', 'd', 'e']

  it('finds each request whether the vendor answers in order, out of order or twice', () => {
    const finder = new RequestFinder(ids)
    const answered = ['a', 'b', 'd', 'c', 'e', 'b', 'a']
    expect(answered.map((id) => finder.positionOf(id))).toEqual([0, 1, 3, 2, 4, 1, 0])
  })

  it('knows no request for an id outside the batch', () => {
    const finder = new RequestFinder(ids)
    expect(finder.positionOf('a')).toBe(0)
    expect(finder.positionOf('zz')).toBeUndefined()
    expect(finder.positionOf('b')).toBe(1)
  })
})
