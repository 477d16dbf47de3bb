import {basename} from 'node:path'

import {assertReadableFile} from './judge-files.js'
import {choosePanel, readJudgePool, type Judge, type Panel} from './panel.js'
import {readPredictions, type PredictionTally, type ReadPrediction} from './predictions.js'
import {countWithheld, describeWithheld, totalWithheld} from './withheld.js'
import {findManifest, type BatchManifest, type JudgeOf} from '../batch/manifest.js'
import {judgeBatchName} from '../batch/naming.js'
import {findResultsRecord} from '../batch/results-record.js'
import {startBatches, type StartOutcome} from '../batch/start.js'
import {loadRiddles} from '../dataset/dataset.js'
import {buildJudgeRequest} from '../dataset/layton-prompt.js'
import {UserError} from '../errors.js'
import {riddleSource} from '../prepare/prepare.js'
import type {CanonicalRequest} from '../prepare/request.js'
import {oneAtATime, stageBatch, type BatchDescription, type StagedBatch} from '../prepare/stage-batch.js'

export interface JuryOptions {
  /** `results/<name>.jsonl`, as written by `bench results` for a prediction batch. */
  resultsFile: string
  /** A judges file replacing bench's `data/judges.json`. */
  judgesFile?: string
}

/** What the judges are asked: Layton riddles here, a judged benchmark's answers in benchmarks/judge-work.ts. */
export interface JudgeWork {
  tally: PredictionTally
  /** One judge's requests, one per prediction to judge. */
  requests(judge: Judge): AsyncIterable<CanonicalRequest> | Iterable<CanonicalRequest>
  /** Called once a judge's batch is staged: throws to refuse the jury (predictions its requests could not cover). */
  checkStaged(): void
}

export interface JuryBatch {
  judge: Judge
  manifest: BatchManifest
  /** False when an earlier run had already submitted this judge batch: it was left as it was. */
  written: boolean
}

export interface JuryOutcome {
  /** The manifest of the prediction batch being judged. */
  prediction: BatchManifest
  results_file: string
  judges_file: string
  tally: PredictionTally
  /** One batch per judge of the panel, in the pool's order. */
  batches: JuryBatch[]
  sitting_out: Panel['sitting_out']
}

/**
 * Prediction results -> one judge batch per judge of the panel, each a normal bench batch
 * (`kind: 'judge'`) that `start`, `get` and `results` drive. All the batches are written, or none.
 * A judge batch an earlier run already submitted is left alone, so re-running after a crash in
 * `--start` continues where it stopped.
 */
export async function prepareJury(options: JuryOptions): Promise<JuryOutcome> {
  await assertReadableFile(options.resultsFile, 'results file')
  const prediction = await predictionManifest(options.resultsFile)
  const pool = await readJudgePool(options.judgesFile)
  const panel = choosePanel(pool, prediction.provider)
  const work =
    prediction.benchmark === undefined
      ? await laytonWork(options.resultsFile, prediction)
      : await (await import('../benchmarks/judge-work.js')).benchmarkJudgeWork(options.resultsFile, prediction)
  const tally = work.tally
  if (tally.total === 0) throw new UserError(`${options.resultsFile} holds no results: run \`bench results ${prediction.name}\` once the batch has finished`)
  const withheld = countWithheld(tally.withheld)
  if (totalWithheld(withheld) === tally.total) {
    throw new UserError(
      `every prediction in ${options.resultsFile} was refused, blocked or truncated (${describeWithheld(withheld)}): nothing to judge; \`bench retry ${prediction.name}\` resubmits the truncated ones`,
    )
  }

  const staged: {judge: Judge; batch: StagedBatch}[] = []
  const kept: Map<Judge, BatchManifest> = new Map()
  try {
    for (const judge of panel.judges) {
      const name = judgeBatchName(prediction.name, judge.provider, judge.model)
      const existing = await findManifest(name)
      if (existing !== undefined && existing.state !== 'prepared') {
        kept.set(judge, existing)
        continue
      }
      const described = judgeBatchDescription(name, judge, prediction, options.resultsFile)
      const batch = await stageBatch(
        {...described, judge_of: {...described.judge_of, withheld: tally.withheld}},
        oneAtATime(work.requests(judge)),
      )
      staged.push({judge, batch})
      work.checkStaged()
    }
  } catch (error) {
    await Promise.all(staged.map(({batch}) => batch.abort()))
    throw error
  }
  const committed = new Map<Judge, BatchManifest>()
  for (const {judge, batch} of staged) committed.set(judge, await batch.commit())

  return {
    prediction,
    results_file: options.resultsFile,
    judges_file: pool.file,
    tally,
    batches: panel.judges.map((judge) => ({judge, manifest: (committed.get(judge) ?? kept.get(judge))!, written: committed.has(judge)})),
    sitting_out: panel.sitting_out,
  }
}

/** The record of `judge`'s batch over `prediction`'s results: what the Layton and the rubric juries both write. */
export function judgeBatchDescription(name: string, judge: Judge, prediction: BatchManifest, resultsFile: string): BatchDescription & {judge_of: JudgeOf} {
  return {
    name,
    kind: 'judge',
    provider: judge.provider,
    model: judge.model,
    dataset: prediction.dataset,
    hints: prediction.hints,
    settings: {max_tokens: judge.max_tokens, thinking: judge.thinking},
    judge_of: {
      batch: prediction.name,
      results_file: resultsFile,
      provider: prediction.provider,
      model: prediction.model,
      split: prediction.dataset.split,
      hints: prediction.hints,
      ...(prediction.settings.thinking !== undefined && {thinking: prediction.settings.thinking}),
    },
  }
}

/** Submits every judge batch not yet submitted (a re-run resumes), once every judge's key and host has been checked. */
export async function startJury(outcome: JuryOutcome): Promise<StartOutcome[]> {
  return startBatches(outcome.batches.map((batch) => batch.manifest))
}

/**
 * The prediction batch whose results these are: `results/<name>.jsonl` pairs with
 * `processed_files/<name>.manifest.json` beside the `results/` folder (the working directory
 * when the path has no `results/` folder).
 */
export async function predictionManifest(resultsFile: string): Promise<BatchManifest> {
  const manifest = await findResultsRecord(resultsFile)
  if (manifest === undefined) {
    const name = basename(resultsFile).replace(/\.jsonl$/, '')
    throw new UserError(
      `no batch record for ${resultsFile}: bench jury reads processed_files/${name}.manifest.json for the model and dataset; pass a results file written by \`bench results\`, from the directory where the batch was prepared`,
    )
  }
  if (manifest.kind !== 'prediction') {
    throw new UserError(`${resultsFile} holds the verdicts of ${manifest.kind} batch ${manifest.name}, not predictions: pass the results of a prediction batch`)
  }
  return manifest
}

/** Layton: each riddle with its prediction; a prediction whose riddle is not in the dataset refuses the jury. */
async function laytonWork(resultsFile: string, prediction: BatchManifest): Promise<JudgeWork> {
  const {predictions, tally} = await readPredictions(resultsFile)
  let joined = new Set<string>()
  return {
    tally,
    requests(judge) {
      joined = new Set<string>()
      return judgeRequests(prediction, predictions, judge, joined)
    },
    checkStaged: () => refuseOrphans(resultsFile, predictions, joined),
  }
}

/**
 * Streams the batch's riddles and pairs each with its prediction; `joined` collects the ids paired.
 * A withheld prediction (refused, blocked, truncated) is paired but not sent: it counts as incorrect.
 */
async function* judgeRequests(
  prediction: BatchManifest,
  predictions: Map<string, ReadPrediction>,
  judge: Judge,
  joined: Set<string>,
): AsyncGenerator<CanonicalRequest> {
  for await (const riddle of loadRiddles(riddleSource(prediction.dataset), {split: prediction.dataset.split})) {
    const read = predictions.get(riddle.id)
    if (read === undefined) continue
    joined.add(riddle.id)
    if (read.reading === 'withheld') continue
    yield buildJudgeRequest(riddle, read.prediction, {maxTokens: judge.max_tokens, thinking: judge.thinking})
  }
}

/**
 * A prediction without its riddle cannot be judged (no ground truth), and dropping it would move
 * the score unseen: refuse, naming it, so the user fixes the dataset or the results file.
 */
function refuseOrphans(resultsFile: string, predictions: Map<string, ReadPrediction>, joined: Set<string>): void {
  const orphans = [...predictions.keys()].filter((id) => !joined.has(id))
  if (orphans.length === 0) return
  const which = orphans.length === 1 ? `prediction "${orphans[0]}" has` : `predictions "${orphans[0]}" and ${orphans.length - 1} more have`
  throw new UserError(
    `${resultsFile}: ${which} no riddle in the batch's dataset (same split); was the dataset file changed since \`bench prepare\`?`,
  )
}
