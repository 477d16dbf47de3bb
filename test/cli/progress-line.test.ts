import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {ProgressLine} from '../../src/cli/progress-line.js'

/** A stand-in for stderr that records what was written. */
function fakeStream(isTTY: boolean): {stream: NodeJS.WriteStream; writes: string[]} {
  const writes: string[] = []
  const stream = {isTTY, write: (text: string) => writes.push(text)} as unknown as NodeJS.WriteStream
  return {stream, writes}
}

describe('ProgressLine', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-25T00:00:00Z'))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('redraws at most ten times a second, and always for the last step', () => {
    const {stream, writes} = fakeStream(true)
    const progress = new ProgressLine(stream)
    for (let done = 1; done <= 1000; done += 1) progress.update(done, 2000)
    expect(writes).toHaveLength(1)
    vi.advanceTimersByTime(100)
    progress.update(1500, 2000)
    progress.update(2000, 2000)
    expect(writes).toHaveLength(3)
    expect(writes[1]).toMatch(/^\r\u001B\[K\[#{18}\.{6}\] 75% · 1500\/2000 · 14990\/s · ETA 0s$/)
    expect(writes[2]).toContain('100% · 2000/2000')
    progress.finish()
    expect(writes.at(-1)).toBe('\r\u001B[K')
  })

  it('writes nothing when the stream is not a terminal', () => {
    const {stream, writes} = fakeStream(false)
    const progress = new ProgressLine(stream)
    progress.update(1, 2)
    progress.update(2, 2)
    progress.finish()
    expect(writes).toEqual([])
  })
})
