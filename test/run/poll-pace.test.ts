import {describe, expect, it} from 'vitest'

import type {BatchView} from '../../src/core/batch/batch-status.js'
import {DEFAULT_PACE, pollDelaySeconds} from '../../src/core/run/wait-for-batches.js'

const NOW = Date.parse('2026-01-01T12:00:00Z')

/** A batch created `ageSeconds` ago, as `bench get` sees it. */
function batchAged(ageSeconds: number): BatchView {
  const created_at = new Date(NOW - ageSeconds * 1000).toISOString()
  return {manifest: {name: `aged_${ageSeconds}`} as BatchView['manifest'], status: {state: 'running', provider_status: 'in_progress', counts: null, created_at, results_available: false}}
}

describe('the pause between two looks at running batches', () => {
  it('is seconds for a fresh batch and minutes for a long one, never over the cap', () => {
    expect(pollDelaySeconds([batchAged(5)], DEFAULT_PACE, NOW)).toBe(2)
    expect(pollDelaySeconds([batchAged(600)], DEFAULT_PACE, NOW)).toBe(60)
    expect(pollDelaySeconds([batchAged(6 * 3600)], DEFAULT_PACE, NOW)).toBe(300)
  })

  it('follows the youngest batch, so a retry just sent is looked at soon', () => {
    expect(pollDelaySeconds([batchAged(6 * 3600), batchAged(10)], DEFAULT_PACE, NOW)).toBe(2)
  })

  it('takes the pace given on the command line', () => {
    expect(pollDelaySeconds([batchAged(6 * 3600)], {firstSeconds: 10, maxSeconds: 30}, NOW)).toBe(30)
    expect(pollDelaySeconds([batchAged(1)], {firstSeconds: 10, maxSeconds: 30}, NOW)).toBe(10)
  })
})
