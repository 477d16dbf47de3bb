import {setTimeout as sleep} from 'node:timers/promises'

/** The time source the pacer reads and waits on: the real clock, or a test's virtual one. */
export interface PacerClock {
  now(): number
  /** Waits `ms`; rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<unknown>
}

const realClock: PacerClock = {now: () => Date.now(), sleep: (ms, signal) => sleep(ms, undefined, {signal})}

/**
 * Spaces request starts evenly so that no minute holds more than `requestsPerMinute` of them:
 * starts are at least 60 s / limit apart, measured between the actual starts (a late timer never
 * lets the next start come early). A server's `retry-after` pauses every start until then.
 */
export class RequestPacer {
  private readonly intervalMs: number
  /** When the next start may happen, epoch milliseconds. */
  private nextAt = 0
  private pausedUntil = 0
  /** Starts queue here so that they leave one at a time, in order. */
  private queue: Promise<void> = Promise.resolve()

  constructor(
    requestsPerMinute: number | undefined,
    private readonly clock: PacerClock = realClock,
  ) {
    this.intervalMs = requestsPerMinute === undefined ? 0 : 60_000 / requestsPerMinute
  }

  /** Resolves when one more request may start; false when `signal` aborted the wait. */
  async take(signal?: AbortSignal): Promise<boolean> {
    const turn = this.queue.then(() => this.waitForSlot(signal))
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    )
    return turn
  }

  /** Holds every start until `epochMs` (a 429's `retry-after`). */
  pauseUntil(epochMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, epochMs)
  }

  private async waitForSlot(signal: AbortSignal | undefined): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false
      const now = this.clock.now()
      const at = Math.max(this.nextAt, this.pausedUntil)
      if (now >= at) {
        this.nextAt = now + this.intervalMs
        return true
      }
      try {
        await this.clock.sleep(at - now, signal)
      } catch {
        return false
      }
    }
  }
}
