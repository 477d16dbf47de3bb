import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {benchmarkBatchName, prepareBenchmarkBatch, type BenchmarkPrepareOptions} from './prepare-benchmark.js'
import {loadBenchmark} from './registry.js'
import {scoreBenchmarkResults, type BenchmarkScoreReport} from './score-benchmark.js'
import {writeFileAtomic} from '../atomic.js'
import {checkpoint} from '../batch/checkpoint.js'
import {withLock} from '../batch/lock.js'
import {RESULTS_DIR, findManifest, type BatchManifest} from '../batch/manifest.js'
import type {Destination} from '../destinations/destination.js'
import {UserError} from '../errors.js'
import {prepareJury} from '../jury/jury.js'
import {loadPriceTable} from '../pricing/price-table.js'
import {enforceMaxCost, type SpendingPlan} from '../pricing/spending-guard.js'
import {settleContext, type LaytonRunOptions} from '../run/layton-run.js'
import {changedSettings, runLockPath, runRecordPath} from '../run/run-record.js'
import {noteRunInterruption, runDestinations} from '../run/run-sending.js'
import {runSpendingPlan} from '../run/run-spending.js'
import {settleChains} from '../run/settle-chains.js'

/** What a benchmark run asks and how it scores: fixed when it begins, read back on `--resume`. */
export type BenchmarkRunSettings = Omit<BenchmarkPrepareOptions, 'name' | 'onProgress'> & {
  /** A judges file replacing bench's pool (judged benchmarks). */
  judges?: string
  resamples: number
  max_attempts: number
}

export interface BenchmarkRunRecord {
  version: 1
  kind: 'benchmark'
  name: string
  settings: BenchmarkRunSettings
  stage: 'predictions' | 'judges' | 'score' | 'done'
  judges?: string[]
  score?: BenchmarkScoreReport
  created_at: string
  history: {at: string; event: string}[]
}

/** The options of a Layton run (--resume, --max-cost, --detach, the live display...), with a benchmark's settings. */
export type BenchmarkRunOptions = Omit<LaytonRunOptions, 'settings'> & {settings?: BenchmarkRunSettings}

/** `sends_to`: each host the run sends to, as its card shows them. */
export type BenchmarkRunOutcome =
  | {state: 'done'; record: BenchmarkRunRecord; score: BenchmarkScoreReport; sends_to: Destination[]}
  | {state: 'waiting'; record: BenchmarkRunRecord; sends_to: Destination[]}
  | {state: 'dry-run'; name: string; plan: SpendingPlan}

/**
 * A standard benchmark in one command: prepare, start, wait, results, retries of transient
 * failures, for XSTest the judge batches, then the score. Like the Layton run it records each
 * stage, so the same command (or --resume) continues where it stopped and sends nothing twice.
 */
export async function runBenchmarkJob(options: BenchmarkRunOptions): Promise<BenchmarkRunOutcome> {
  const {name, settings} = await runIdentity(options)
  noteRunInterruption(name)
  return withLock(runLockPath(name), `run "${name}"`, async () => {
    const benchmark = await loadBenchmark(settings.benchmark)
    const prediction = (await existingPrediction(name, settings)) ?? (await prepare(name, settings, options))
    const prices = loadPriceTable(options.pricesFile)
    const record = (await findRecord(name)) ?? newRecord(name, settings)
    // A benchmark without judges has nothing to project; a judged one projects its panel until the jury writes it.
    const plannedJudges = benchmark.judged ? record.judges : []
    const plan = () => runSpendingPlan(prediction, {provider: settings.provider, judges: settings.judges}, plannedJudges, prices)
    if (options.dryRun) return {state: 'dry-run', name, plan: await plan()}
    const sends_to = await runDestinations(prediction, settings, record.judges, benchmark.judged)
    const guard = async () => enforceMaxCost(await plan(), options.maxCost)
    if (record.history.length === 0) {
      await guard()
      await saveRecord(record, 'run begun')
    }
    const context = settleContext(options, settings.max_attempts, guard)
    const resultsFile = join(RESULTS_DIR, `${name}.jsonl`)

    if (record.stage === 'predictions') {
      const settled = await settleChains([name], {...context, phase: 'prediction'})
      if (settled === undefined) return {state: 'waiting', record, sends_to}
      await checkpoint('run:predictions-collected')
      record.stage = benchmark.judged ? 'judges' : 'score'
      await saveRecord(record, `predictions collected: ${settled[0]!.succeeded} of ${settled[0]!.total} succeeded`)
    }
    if (record.stage === 'judges') {
      if (record.judges === undefined) {
        const jury = await prepareJury({resultsFile, judgesFile: settings.judges})
        record.judges = jury.batches.map((batch) => batch.manifest.name)
        await saveRecord(record, `jury prepared: ${record.judges.join(', ')}`)
        options.onEvent(`prepared the judge batches: ${record.judges.join(', ')}`)
      }
      if ((await settleChains(record.judges, {...context, phase: 'judge'})) === undefined) return {state: 'waiting', record, sends_to}
      record.stage = 'score'
      await saveRecord(record, 'verdicts collected')
    }
    if (record.stage === 'score') {
      record.score = (await scoreBenchmarkResults({resultsFile, resamples: settings.resamples, seed: settings.seed})).report
      record.stage = 'done'
      await saveRecord(record, `scored: ${record.score.score} ± ${record.score['95% CI (±)']}`)
    }
    return {state: 'done', record, score: record.score!, sends_to}
  })
}

async function runIdentity(options: BenchmarkRunOptions): Promise<{name: string; settings: BenchmarkRunSettings}> {
  if (options.resume !== undefined) {
    const record = await findRecord(options.resume)
    if (record === undefined) throw new UserError(`no benchmark run named "${options.resume}": start one with \`bench run --benchmark NAME --provider P --model M\``)
    return {name: record.name, settings: record.settings}
  }
  const settings = options.settings
  if (settings === undefined) throw new UserError('bench run --benchmark needs --provider and --model (a new run), or --resume RUN')
  const name = options.name ?? benchmarkBatchName(settings)
  const record = await findRecord(name)
  const changed = record === undefined ? [] : changedSettings(record.settings, settings)
  if (changed.length > 0) {
    throw new UserError(`run "${name}" was begun with other settings: ${changed.join('; ')}; continue it with \`bench run --resume ${name}\`, or pass --name for a new run`)
  }
  return {name, settings}
}

/** The prediction batch already on disk (a run that stopped before recording itself) is taken over only if it asks what the run asks. */
async function existingPrediction(name: string, settings: BenchmarkRunSettings): Promise<BatchManifest | undefined> {
  const manifest = await findManifest(name)
  if (manifest === undefined) return undefined
  if (manifest.benchmark?.name !== settings.benchmark || manifest.provider !== settings.provider || manifest.model !== settings.model || manifest.benchmark.shots !== settings.shots) {
    throw new UserError(`batch "${name}" exists and is not this run's (${manifest.benchmark?.name ?? 'Layton'}, ${manifest.provider} ${manifest.model}): pass --name for a new run`)
  }
  return manifest
}

async function prepare(name: string, settings: BenchmarkRunSettings, options: BenchmarkRunOptions): Promise<BatchManifest> {
  const manifest = await prepareBenchmarkBatch({...settings, name})
  options.onEvent(`prepared ${name} (${manifest.requests} requests)`)
  return manifest
}

function newRecord(name: string, settings: BenchmarkRunSettings): BenchmarkRunRecord {
  return {version: 1, kind: 'benchmark', name, settings, stage: 'predictions', created_at: new Date().toISOString(), history: []}
}

/** Whether the run of this name is a benchmark's (so `bench run --resume NAME` needs no --benchmark). */
export async function isBenchmarkRun(name: string): Promise<boolean> {
  try {
    return (JSON.parse(await readFile(runRecordPath(name), 'utf8')) as {kind?: string}).kind === 'benchmark'
  } catch {
    return false
  }
}

async function findRecord(name: string): Promise<BenchmarkRunRecord | undefined> {
  let record: BenchmarkRunRecord
  try {
    record = JSON.parse(await readFile(runRecordPath(name), 'utf8')) as BenchmarkRunRecord
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  if (record.kind !== 'benchmark') throw new UserError(`run "${name}" is a Layton run: continue it with \`bench run --resume ${name}\` without --benchmark, or pass --name`)
  return record
}

async function saveRecord(record: BenchmarkRunRecord, event: string): Promise<void> {
  record.history.push({at: new Date().toISOString(), event})
  await writeFileAtomic(runRecordPath(record.name), JSON.stringify(record, null, 2) + '\n')
}
