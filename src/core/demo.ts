import {mkdir, mkdtemp, readdir, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import type {BatchView} from './batch/batch-status.js'
import type {BatchManifest} from './batch/manifest.js'
import {startBatch, type StartOutcome} from './batch/start.js'
import {SAMPLE_DATASET_PATH} from './dataset/dataset.js'
import {UserError} from './errors.js'
import {prepareJury, startJury, type JuryOutcome} from './jury/jury.js'
import {judgeResultsFiles} from './jury/results.js'
import {prepareBatch, type PrepareOptions} from './prepare/prepare.js'
import {collectResults, type ResultsSummary} from './results/collect-results.js'
import {waitForBatches} from './run/wait-for-batches.js'
import {scoreBatch, type ScoreReport} from './score/score.js'
import {exportLines} from '../emulator/shared/exports.js'
import {startEmulator} from '../emulator/index.js'

export interface DemoOptions {
  /** Working directory, created if missing; it must be empty, and is kept. Default: a temporary one, removed at the end. */
  dir?: string
  /** How long each emulated batch takes. */
  batchSeconds: number
  /** Pause between two `get` polls. */
  pollSeconds: number
  seed: number
  /** Called after each step, with the command a user would have typed for it. */
  onStep: (step: DemoStep) => void
}

/** One command of the main job, as the demo ran it. */
export type DemoStep = {command: string} & (
  | {kind: 'prepare'; manifest: BatchManifest}
  | {kind: 'start'; outcome: StartOutcome}
  | {kind: 'get'; view: BatchView}
  | {kind: 'results'; summary: ResultsSummary; judgeFiles?: string[]}
  | {kind: 'jury'; outcome: JuryOutcome; starts: StartOutcome[]}
  | {kind: 'score'; report: ScoreReport}
)

export interface DemoSummary {
  /** Where the demo's files are: only with --dir, as the temporary directory is removed. */
  dir?: string
  seconds: number
  prediction: {name: string; results_file: string}
  judges: {name: string; results_file: string}[]
  score: ScoreReport
}

/** The prediction batch of the demo: small, quick, and with both splits (so images travel too). */
const PREDICTION: PrepareOptions = {provider: 'openai', model: 'gpt-4.1', split: 'full', hints: 1, datasetPath: SAMPLE_DATASET_PATH}

/**
 * The main job end to end, offline: the sample dataset against the in-process emulator, in a
 * fresh directory, one step per command a user would type. Sets the vendors' URLs and keys in
 * the process's environment: meant for a process that ends with it (`bench demo`).
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const began = Date.now()
  const home = process.cwd()
  const dir = await emptyDirectory(options.dir)
  process.chdir(dir)
  try {
    return await runInside(dir, options, began)
  } finally {
    // Back to where the demo was started; a temporary directory is removed, so runs leave nothing behind.
    process.chdir(home)
    if (options.dir === undefined) await rm(dir, {recursive: true, force: true})
  }
}

/** The job itself, in `dir`, the working directory by now. */
async function runInside(dir: string, options: DemoOptions, began: number): Promise<DemoSummary> {
  const emulator = await startEmulator({batchSeconds: options.batchSeconds, seed: options.seed})
  try {
    pointVendorsAt(emulator.env())
    const report = options.onStep

    const manifest = await prepareBatch(PREDICTION)
    const name = manifest.name
    report({kind: 'prepare', command: `bench prepare --dataset ${SAMPLE_DATASET_PATH} --split full --hints 1 --provider openai --model gpt-4.1`, manifest})
    report({kind: 'start', command: `bench start ${name}`, outcome: await startBatch(name)})
    await pollUntilDone([name], options, report)
    const predictions = await collectResults(name)
    report({kind: 'results', command: `bench results ${name}`, summary: predictions})

    const jury = await prepareJury({resultsFile: predictions.file})
    const starts = await startJury(jury)
    report({kind: 'jury', command: `bench jury ${name} --start`, outcome: jury, starts})
    const judgeNames = jury.batches.map((batch) => batch.manifest.name)
    await pollUntilDone(judgeNames, options, report)
    const judgeFiles = await judgeResultsFiles(name)
    const judges: DemoSummary['judges'] = []
    for (const judgeName of judgeNames) {
      const summary = await collectResults(judgeName)
      report({kind: 'results', command: `bench results ${judgeName}`, summary, judgeFiles})
      judges.push({name: judgeName, results_file: summary.file})
    }

    const score = await scoreBatch({judgeFiles, field: 'both_correct', resamples: 10_000, seed: options.seed})
    report({kind: 'score', command: `bench score --judge-files ${judgeFiles.join(' ')} --seed ${options.seed}`, report: score})
    return {...(options.dir !== undefined && {dir}), seconds: (Date.now() - began) / 1000, prediction: {name, results_file: predictions.file}, judges, score}
  } finally {
    await emulator.close()
  }
}

/** `bench get` on each batch every poll, until all are finished: every card is reported. */
async function pollUntilDone(names: string[], options: DemoOptions, report: (step: DemoStep) => void): Promise<void> {
  await waitForBatches(names, {
    delaySeconds: () => options.pollSeconds,
    onPoll: (views) => {
      for (const view of views) report({kind: 'get', command: `bench get ${view.manifest.name}`, view})
    },
  })
}

/**
 * The emulator's base URLs, and a placeholder key for every vendor: the SDKs refuse to start
 * without one, the emulator takes any, and a real key from the user's shell must not be sent.
 */
function pointVendorsAt(env: Record<string, string>): void {
  for (const line of exportLines(env, {})) {
    const assignment = line.slice('export '.length)
    const equals = assignment.indexOf('=')
    process.env[assignment.slice(0, equals)] = assignment.slice(equals + 1)
  }
}

/** The demo's directory, made if missing; refuses one with files, whose batches it could clash with. */
async function emptyDirectory(dir: string | undefined): Promise<string> {
  if (dir === undefined) return mkdtemp(join(tmpdir(), 'bench-demo-'))
  const absolute = resolve(dir)
  await mkdir(absolute, {recursive: true}).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`cannot use --dir ${dir} (${error.code ?? error.message}): pass a new or empty directory`)
  })
  if ((await readdir(absolute)).length > 0) throw new UserError(`--dir ${dir} is not empty: pass a new or empty directory, or leave --dir out to use a temporary one`)
  return absolute
}
