import {describe, expect, it} from 'vitest'

import {RequestPacer, type PacerClock} from '../../src/providers/openai-compatible/request-pacer.js'

/**
 * A clock that only moves when the pacer waits on it, so that the spacing is checked exactly, not
 * against a loaded machine's timers. `ticks` can move it as other work would.
 */
function virtualClock(): PacerClock & {time: number; sleeps: number[]} {
  const clock = {
    time: 1_000_000,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) return Promise.reject(new Error('aborted'))
      clock.sleeps.push(ms)
      clock.time += ms
      return Promise.resolve()
    },
  }
  return clock
}

describe('RequestPacer', () => {
  it('spaces starts exactly 60 s / limit apart, even when many ask at once', async () => {
    const clock = virtualClock()
    const pacer = new RequestPacer(1200, clock) // one start per 50 ms
    const began = clock.now()
    const granted = await Promise.all(Array.from({length: 6}, () => pacer.take()))
    expect(granted).toEqual([true, true, true, true, true, true])
    // The first goes at once; each of the other five waits its 50 ms, one after the other.
    expect(clock.sleeps).toEqual([50, 50, 50, 50, 50])
    expect(clock.now() - began).toBe(250)
  })

  it('measures from the actual start: a request that starts late does not let the next one come early', async () => {
    const clock = virtualClock()
    const pacer = new RequestPacer(60, clock) // one start a second
    await pacer.take()
    clock.time += 1_700 // the caller was busy: the slot came and went
    const late = clock.now()
    await pacer.take()
    expect(clock.now()).toBe(late)
    await pacer.take()
    expect(clock.now() - late).toBe(1_000)
  })

  it("holds every start until a 429's retry-after has passed, and stops waiting when aborted", async () => {
    const clock = virtualClock()
    const pacer = new RequestPacer(undefined, clock)
    const began = clock.now()
    pacer.pauseUntil(began + 120)
    expect(await pacer.take()).toBe(true)
    expect(clock.now() - began).toBe(120)
    pacer.pauseUntil(clock.now() + 10_000)
    const stop = new AbortController()
    stop.abort()
    expect(await pacer.take(stop.signal)).toBe(false)
  })

  it('waits on the real clock by default', async () => {
    const pacer = new RequestPacer(undefined)
    const began = Date.now()
    pacer.pauseUntil(began + 60)
    expect(await pacer.take()).toBe(true)
    expect(Date.now() - began).toBeGreaterThanOrEqual(60)
    pacer.pauseUntil(Date.now() + 10_000)
    const stop = new AbortController()
    setTimeout(() => stop.abort(), 20)
    expect(await pacer.take(stop.signal)).toBe(false)
  })
})
