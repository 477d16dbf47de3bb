import {describe, expect, it} from 'vitest'

import {formatCount} from '../../src/core/format-count.js'

describe('formatCount', () => {
  it.each([0, 7, 999, 1000, 12_345, 1_234_567, -4_500, 1234.5])('writes %d as toLocaleString("en") does', (count) => {
    expect(formatCount(count)).toBe(count.toLocaleString('en'))
  })
})
