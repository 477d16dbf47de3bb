import {join} from 'node:path'

import {changedSettings, findRunRecord, readRunRecord, runLockPath, saveRunRecord, type RunRecord, type RunSettings} from './run-record.js'
import {noteRunInterruption, runDestinations} from './run-sending.js'
import {runSpendingPlan} from './run-spending.js'
import {settleChains, type SettleContext} from './settle-chains.js'
import {pollDelaySeconds, type PollPace} from './wait-for-batches.js'
import type {BatchView} from '../batch/batch-status.js'
import {checkpoint} from '../batch/checkpoint.js'
import {withLock} from '../batch/lock.js'
import {RESULTS_DIR, findManifest, type BatchManifest} from '../batch/manifest.js'
import {predictionBatchName} from '../batch/naming.js'
import type {Destination} from '../destinations/destination.js'
import {UserError} from '../errors.js'
import {prepareJury} from '../jury/jury.js'
import {prepareBatch} from '../prepare/prepare.js'
import {loadPriceTable} from '../pricing/price-table.js'
import {enforceMaxCost, type SpendingPlan} from '../pricing/spending-guard.js'
import type {ResultsSummary} from '../results/collect-results.js'
import {scoreBatch, type ScoreReport} from '../score/score.js'

export interface LaytonRunOptions {
  /** A new run, or the same command again: its settings. */
  settings?: RunSettings
  /** The run's name; default: the prediction batch's (`benchmark_<provider>_<model>_...`). */
  name?: string
  /** Continue the run of this name with its recorded settings. */
  resume?: string
  /** USD: the whole run's estimate (batches sent or not, judges projected) must stay under it. */
  maxCost?: number
  pricesFile?: string
  /** Prepare the predictions, print the plan, send nothing. */
  dryRun: boolean
  /** Send what can be sent, look once, and exit. */
  detach: boolean
  pace: PollPace
  /** Every look at the batches in flight, for the live display. */
  onPoll: (views: readonly BatchView[]) => void
  /** One line per step taken. */
  onEvent: (text: string) => void
}

/** `sends_to`: each host the run sends to (its judges' included), as its card shows them. */
export type LaytonRunOutcome =
  | {state: 'done'; record: RunRecord; predictions?: ResultsSummary; judges?: ResultsSummary[]; score: ScoreReport; sends_to: Destination[]}
  | {state: 'waiting'; record: RunRecord; sends_to: Destination[]}
  | {state: 'dry-run'; name: string; plan: SpendingPlan}

/**
 * The Layton job in one command: prepare, start, wait, results, retries of transient failures,
 * jury, the judge batches, their results, score. The run record says which stage is finished;
 * the batch records say what was sent. Killed anywhere, the same command continues where it
 * stopped and sends nothing twice.
 */
export async function runLaytonJob(options: LaytonRunOptions): Promise<LaytonRunOutcome> {
  const {name, settings} = await runIdentity(options)
  noteRunInterruption(name)
  return withLock(runLockPath(name), `run "${name}"`, async () => {
    const prediction = (await existingPrediction(name, settings)) ?? (await prepare(name, settings, options))
    await checkpoint('run:prepared')
    const prices = loadPriceTable(options.pricesFile)
    const record = (await findRunRecord(name)) ?? newRecord(name, settings)
    const guard = async () => enforceMaxCost(await runSpendingPlan(prediction, settings, record.judges, prices), options.maxCost)
    if (options.dryRun) return {state: 'dry-run', name, plan: await runSpendingPlan(prediction, settings, record.judges, prices)}
    // Every key the run will need, the judges' too, before the first batch is sent.
    const sends_to = await runDestinations(prediction, settings, record.judges)
    if (record.history.length === 0) {
      await guard()
      await saveRunRecord(record, 'run begun')
    }

    const context = settleContext(options, settings.max_attempts, guard)
    let predictions: ResultsSummary | undefined
    if (record.stage === 'predictions') {
      const settled = await settleChains([name], {...context, phase: 'prediction'})
      if (settled === undefined) return {state: 'waiting', record, sends_to}
      predictions = settled[0]
      await checkpoint('run:predictions-collected')
      record.stage = 'judges'
      await saveRunRecord(record, `predictions collected: ${predictions!.succeeded} of ${predictions!.total} succeeded`)
    }

    let judges: ResultsSummary[] | undefined
    if (record.stage === 'judges') {
      if (record.judges === undefined) {
        const jury = await prepareJury({resultsFile: resultsFile(name), judgesFile: settings.judges})
        record.judges = jury.batches.map((batch) => batch.manifest.name)
        await saveRunRecord(record, `jury prepared: ${record.judges.join(', ')}`)
        options.onEvent(`prepared the judge batches: ${record.judges.join(', ')}`)
        await checkpoint('run:jury-prepared')
      }
      judges = await settleChains(record.judges, {...context, phase: 'judge'})
      if (judges === undefined) return {state: 'waiting', record, sends_to}
      await checkpoint('run:judges-collected')
      record.stage = 'score'
      await saveRunRecord(record, 'verdicts collected')
    }

    if (record.stage === 'score') {
      record.score = await scoreBatch({
        judgeFiles: record.judges!.map(resultsFile),
        field: settings.field,
        calibration: settings.calibration,
        resamples: settings.resamples,
        seed: settings.seed,
      })
      record.stage = 'done'
      await saveRunRecord(record, `scored: ${record.score.score} ± ${record.score['95% CI (±)']}`)
    }
    return {state: 'done', record, predictions, judges, score: record.score!, sends_to}
  })
}

/** How a run drives its batches (settle-chains.ts), from its options: shared by the Layton and benchmark runs. */
export function settleContext(options: Pick<LaytonRunOptions, 'detach' | 'pace' | 'onPoll' | 'onEvent'>, maxAttempts: number, beforeSend: () => Promise<void>): Omit<SettleContext, 'phase'> {
  return {
    maxAttempts,
    detach: options.detach,
    delaySeconds: (running: readonly BatchView[]) => pollDelaySeconds(running, options.pace),
    beforeSend,
    onPoll: options.onPoll,
    onEvent: options.onEvent,
  }
}

/** The run's name and settings: from its record on `--resume`, else from the command, checked against any record. */
async function runIdentity(options: LaytonRunOptions): Promise<{name: string; settings: RunSettings}> {
  if (options.resume !== undefined) {
    const record = await readRunRecord(options.resume)
    return {name: record.name, settings: record.settings}
  }
  const settings = options.settings
  if (settings === undefined) throw new UserError('bench run needs --provider and --model (a new run), or --resume RUN')
  const name = options.name ?? predictionBatchName(settings)
  const record = await findRunRecord(name)
  const changed = record === undefined ? [] : changedSettings(record.settings, settings)
  if (changed.length > 0) {
    throw new UserError(`run "${name}" was begun with other settings: ${changed.join('; ')}; continue it with \`bench run --resume ${name}\`, or pass --name for a new run`)
  }
  return {name, settings}
}

/**
 * The prediction batch already on disk: prepared by a run that stopped before recording itself,
 * or by hand. It is taken over only if it asks what the run asks.
 */
async function existingPrediction(name: string, settings: RunSettings): Promise<BatchManifest | undefined> {
  const manifest = await findManifest(name)
  if (manifest === undefined) return undefined
  if (manifest.provider !== settings.provider || manifest.model !== settings.model || manifest.hints !== settings.hints || manifest.dataset.split !== settings.split) {
    throw new UserError(`batch "${name}" exists and is not this run's (${manifest.provider} ${manifest.model}, ${manifest.dataset.split}, hints ${manifest.hints}): pass --name for a new run`)
  }
  return manifest
}

async function prepare(name: string, settings: RunSettings, options: LaytonRunOptions): Promise<BatchManifest> {
  const manifest = await prepareBatch({
    name,
    provider: settings.provider,
    model: settings.model,
    split: settings.split,
    hints: settings.hints,
    datasetPath: settings.dataset,
    maxTokens: settings.max_tokens,
    thinking: settings.thinking,
    limit: settings.limit,
    maxBatchRequests: settings.max_batch_requests,
  })
  options.onEvent(`prepared ${name} (${manifest.requests} requests)`)
  return manifest
}

function newRecord(name: string, settings: RunSettings): RunRecord {
  return {version: 1, name, settings, stage: 'predictions', created_at: new Date().toISOString(), history: []}
}

function resultsFile(name: string): string {
  return join(RESULTS_DIR, `${name}.jsonl`)
}
