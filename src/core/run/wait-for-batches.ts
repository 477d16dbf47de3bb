import {setTimeout as sleep} from 'node:timers/promises'

import {fetchBatchStatus, type BatchView} from '../batch/batch-status.js'
import {TERMINAL_STATES} from '../batch/status.js'

/**
 * How often to look: a tenth of the running batches' age, kept between `firstSeconds` and
 * `maxSeconds`. A fresh batch is looked at every few seconds; one that has run for an hour every
 * few minutes, and so is a long batch picked up again after a reboot.
 */
export interface PollPace {
  firstSeconds: number
  maxSeconds: number
}

export const DEFAULT_PACE: PollPace = {firstSeconds: 2, maxSeconds: 300}

export function pollDelaySeconds(views: readonly BatchView[], pace: PollPace, now = Date.now()): number {
  const ages = views.map((view) => (view.status?.created_at === undefined ? 0 : (now - Date.parse(view.status.created_at)) / 1000))
  const youngest = ages.length === 0 ? 0 : Math.min(...ages)
  return Math.min(pace.maxSeconds, Math.max(pace.firstSeconds, youngest / 10))
}

export interface WaitOptions {
  /** Seconds until the next look, given the batches still running. */
  delaySeconds: (running: readonly BatchView[]) => number
  /** Called after every look, with the status of each batch looked at (those not yet ended). */
  onPoll: (views: readonly BatchView[]) => void
  /** Look once and return, finished or not (`bench run --detach`). */
  once?: boolean
}

/** `bench get` on each batch every poll until all have ended; true when they have. */
export async function waitForBatches(names: readonly string[], options: WaitOptions): Promise<boolean> {
  let running = names
  for (;;) {
    const views = await Promise.all(running.map((name) => fetchBatchStatus(name)))
    options.onPoll(views)
    const stillRunning = views.filter((view) => view.status === undefined || !TERMINAL_STATES.has(view.status.state))
    running = stillRunning.map((view) => view.manifest.name)
    if (running.length === 0) return true
    if (options.once === true) return false
    await sleep(options.delaySeconds(stillRunning) * 1000)
  }
}
