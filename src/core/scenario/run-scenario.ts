import {prepareScenario} from './prepare-scenario.js'
import {fetchBatchStatus, type BatchView} from '../batch/batch-status.js'
import {readManifest} from '../batch/manifest.js'
import {startBatch, submissionProgress} from '../batch/start.js'
import {TERMINAL_STATES} from '../batch/status.js'
import type {Destination} from '../destinations/destination.js'
import {checkDestinations, sendTarget} from '../destinations/preflight.js'
import {UserError} from '../errors.js'
import {noteProgress} from '../interruption.js'
import {collectResults} from '../results/collect-results.js'
import {pollDelaySeconds, waitForBatches, type PollPace} from '../run/wait-for-batches.js'

export interface ScenarioRunOptions {
  path: string
  /** Wait until every batch has ended; false: start what can start, look once, and return. */
  wait: boolean
  pace: PollPace
  /** Every look at the batches in flight, for the live display. */
  onPoll(views: readonly BatchView[]): void
}

/** One model's batch after the run. */
export interface ScenarioRunBatch {
  model: string
  name: string
  requests: number
  state: string
  /** The results file, once the batch has ended. */
  results?: string
  /** How requests were fitted to the model, or that the model is unknown (data/models.json). */
  notes?: string[]
}

export interface ScenarioRunOutcome {
  scenario: string
  /** Each host the run sends to. */
  sends_to: Destination[]
  /** The scenario file, absolute: what to run again. */
  file: string
  /** True when every batch has ended and has its results file. */
  finished: boolean
  batches: ScenarioRunBatch[]
}

/**
 * `bench run --scenario`: prepare every model's batch, start each (an endpoint's in a background
 * worker), wait with one live view across them, and write each one's results. Run again after a
 * crash or Ctrl-C, it continues: submitted batches are kept, an interrupted worker is resumed,
 * and nothing answered is sent again.
 */
export async function runScenario(options: ScenarioRunOptions): Promise<ScenarioRunOutcome> {
  const prepared = await prepareScenario({path: options.path, keepSubmitted: true})
  const names = prepared.batches.map(({manifest}) => manifest.name)
  // Every model's key and endpoint before the first batch is sent.
  const sends_to = await checkDestinations(prepared.batches.map(({manifest}) => sendTarget(manifest)))
  noteProgress({done: () => `${submissionProgress(names)}; those sent keep running`})
  for (const name of names) await startUnlessRunning(name)
  await waitForBatches(names, {
    delaySeconds: (running) => pollDelaySeconds(running, options.pace),
    onPoll: (views) => {
      options.onPoll(views)
      refuseStoppedWorkers(views)
    },
    once: !options.wait,
  })
  const batches: ScenarioRunBatch[] = []
  for (const {target, manifest} of prepared.batches) {
    const {status} = await fetchBatchStatus(manifest.name)
    const batch: ScenarioRunBatch = {model: target.label, name: manifest.name, requests: manifest.requests, state: status?.state ?? 'prepared'}
    if (manifest.notes !== undefined) batch.notes = manifest.notes
    if (status !== undefined && TERMINAL_STATES.has(status.state)) batch.results = (await collectResults(manifest.name)).file
    batches.push(batch)
  }
  return {scenario: prepared.scenario.name, sends_to, file: prepared.scenario.file, finished: batches.every((batch) => batch.results !== undefined), batches}
}

/** Submits a prepared batch, and restarts an endpoint batch whose worker is no longer running. */
async function startUnlessRunning(name: string): Promise<void> {
  const manifest = await readManifest(name)
  if (manifest.state !== 'submitted') {
    await startBatch(name)
    return
  }
  if (manifest.endpoint !== undefined && (await fetchBatchStatus(name)).status?.state === 'interrupted') await startBatch(name)
}

/** A worker that stopped while the run waited will not come back by itself: say why and how to go on. */
function refuseStoppedWorkers(views: readonly BatchView[]): void {
  const stopped = views.find((view) => view.status?.state === 'interrupted')
  if (stopped === undefined) return
  const reason = stopped.status?.errors?.join('; ') ?? 'its worker stopped'
  throw new UserError(`batch "${stopped.manifest.name}" stopped: ${reason}; run the same \`bench run\` again to resume it`)
}
