import {describe, expect, it} from 'vitest'

import {RequestPacer} from '../../src/providers/openai-compatible/request-pacer.js'

describe('RequestPacer', () => {
  it('spaces starts at least 60 s / limit apart, even when many ask at once', async () => {
    const pacer = new RequestPacer(1200) // one start per 50 ms
    const starts: number[] = []
    await Promise.all(Array.from({length: 6}, async () => {
      await pacer.take()
      starts.push(Date.now())
    }))
    // Measured a moment after each start, so allow the clock's millisecond either side.
    const gaps = starts.slice(1).map((at, index) => at - starts[index]!)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(48)
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(5 * 50 - 2)
  })

  it("holds every start until a 429's retry-after has passed, and stops waiting when aborted", async () => {
    const pacer = new RequestPacer(undefined)
    const began = Date.now()
    pacer.pauseUntil(began + 120)
    expect(await pacer.take()).toBe(true)
    expect(Date.now() - began).toBeGreaterThanOrEqual(120)
    pacer.pauseUntil(Date.now() + 10_000)
    const stop = new AbortController()
    setTimeout(() => stop.abort(), 20)
    expect(await pacer.take(stop.signal)).toBe(false)
  })
})
