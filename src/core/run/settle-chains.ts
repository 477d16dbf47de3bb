import {waitForBatches} from './wait-for-batches.js'
import type {BatchView} from '../batch/batch-status.js'
import {checkpoint} from '../batch/checkpoint.js'
import type {BatchManifest} from '../batch/manifest.js'
import {startBatch} from '../batch/start.js'
import {collectResults, type ResultsSummary} from '../results/collect-results.js'
import {readChain} from '../retry/chain.js'
import {TRANSIENT_CODES} from '../retry/reasons.js'
import {retryBatch} from '../retry/retry.js'

/** How a run drives batches to their final results. */
export interface SettleContext {
  /** `prediction` or `judge`: names the crash point after each submission (`run:<phase>-started`). */
  phase: 'prediction' | 'judge'
  /** Attempts per batch, the first included. */
  maxAttempts: number
  /** Look once and return instead of waiting. */
  detach: boolean
  delaySeconds: (running: readonly BatchView[]) => number
  /** Called before any batch is sent; throws to refuse (the spending guard). */
  beforeSend: (manifest: BatchManifest) => Promise<void>
  onPoll: (views: readonly BatchView[]) => void
  onEvent: (text: string) => void
}

/**
 * Submits each batch (and its retries), waits for them, downloads the merged results, and
 * resubmits the transient failures until none are left or `maxAttempts` is reached. Every step
 * asks the batch records first, so after a crash it resumes without sending anything twice.
 * Undefined when detached and something is still running.
 */
export async function settleChains(roots: readonly string[], context: SettleContext): Promise<ResultsSummary[] | undefined> {
  for (;;) {
    const names: string[] = []
    for (const root of roots) {
      for (const manifest of await readChain(root)) {
        names.push(manifest.name)
        if (manifest.state === 'submitted') continue
        await context.beforeSend(manifest)
        await startBatch(manifest.name)
        context.onEvent(`submitted ${manifest.name} (${manifest.requests} requests)`)
        await checkpoint(`run:${context.phase}-started`)
      }
    }
    const ended = await waitForBatches(names, {delaySeconds: context.delaySeconds, onPoll: context.onPoll, once: context.detach})
    if (!ended) return undefined

    const summaries: ResultsSummary[] = []
    let retried = false
    for (const root of roots) {
      const attempts = (await readChain(root)).length
      if (attempts >= context.maxAttempts) {
        summaries.push(await collectResults(root))
        continue
      }
      // Only what a new attempt of the same bytes may fix: a truncated answer waits for `bench retry --max-tokens`.
      const outcome = await retryBatch({name: root, only: TRANSIENT_CODES})
      if (outcome.batch === undefined) summaries.push(outcome.results!)
      else {
        retried = true
        context.onEvent(`prepared ${outcome.batch.name}: ${outcome.batch.requests} requests without an answer, attempt ${attempts + 1} of ${context.maxAttempts}`)
      }
    }
    if (!retried) return summaries
  }
}
