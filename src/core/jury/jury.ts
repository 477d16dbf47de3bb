import {basename} from 'node:path'

import {assertReadableFile} from './judge-files.js'
import {choosePanel, readJudgePool, type Judge, type Panel} from './panel.js'
import {stageMissingRepeats, type RepeatBatch} from './repeat-batches.js'
import {repeatedRequests} from './repeats.js'
import {readPredictions, type PredictionTally, type ReadPrediction} from './predictions.js'
import {countWithheld, describeWithheld, totalWithheld} from './withheld.js'
import {listManifests, type BatchManifest, type JudgeOf} from '../batch/manifest.js'
import {judgeBatchName} from '../batch/naming.js'
import {findResultsRecord} from '../batch/results-record.js'
import {startBatches, type StartOutcome} from '../batch/start.js'
import {loadRiddles} from '../dataset/dataset.js'
import {buildJudgeRequest} from '../dataset/layton-prompt.js'
import {UserError} from '../errors.js'
import {riddleSource} from '../prepare/prepare.js'
import type {CanonicalRequest} from '../prepare/request.js'
import {oneAtATime, stageBatch, type BatchDescription} from '../prepare/stage-batch.js'

export interface JuryOptions {
  /** `results/<name>.jsonl`, as written by `bench results` for a prediction batch. */
  resultsFile: string
  /** A judges file replacing bench's `data/judges.json`. */
  judgesFile?: string
  /** Verdicts per prediction per judge (default 1): repeats.ts. */
  repeats?: number
}

/** What the judges are asked: Layton riddles here, a judged benchmark's answers in benchmarks/judge-work.ts. */
export interface JudgeWork {
  tally: PredictionTally
  /** One judge's requests, one per prediction to judge. */
  requests(judge: Judge): AsyncIterable<CanonicalRequest> | Iterable<CanonicalRequest>
  /** Called once a judge's batch is staged: throws to refuse the jury (predictions its requests could not cover). */
  checkStaged(): void
}

/** A judge's batch: the first asks repeats 1 to N, one added by a later run with a higher N only the missing ones. */
export type JuryBatch = RepeatBatch<Judge>

export interface JuryOutcome {
  /** The manifest of the prediction batch being judged. */
  prediction: BatchManifest
  results_file: string
  judges_file: string
  tally: PredictionTally
  /** Verdicts per prediction per judge the jury holds (the N asked, or more if an earlier run asked more). */
  repeats: number
  /** Each judge's batches, in the pool's order: one per judge unless repeats were added later. */
  batches: JuryBatch[]
  sitting_out: Panel['sitting_out']
}

/**
 * Prediction results -> one judge batch per judge of the panel, each a normal bench batch
 * (`kind: 'judge'`) that `start`, `get` and `results` drive. All the batches are written, or none.
 * A judge batch an earlier run already submitted is left alone, so re-running after a crash in
 * `--start` continues where it stopped. With `repeats` N each prediction is asked N times in the
 * judge's batch; re-run with a higher N, one more batch per judge asks only the missing repeats.
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

  const repeats = options.repeats ?? 1
  if (repeats > 1 && prediction.benchmark !== undefined) {
    throw new UserError(`--repeats is for Layton riddles and --rubric: ${prediction.benchmark.name}'s judges are scored by \`bench score --results\`, which reads one verdict per answer; run without --repeats`)
  }
  const earlier = (await listManifests()).filter((manifest) => manifest.judge_of?.batch === prediction.name && manifest.grading === undefined && manifest.state !== 'prepared')
  const batches = await stageMissingRepeats({
    judges: panel.judges,
    repeats,
    earlier: (judge) => earlier.filter((manifest) => manifest.provider === judge.provider && manifest.model === judge.model),
    baseName: (judge) => judgeBatchName(prediction.name, judge.provider, judge.model),
    async stage(judge, name, range) {
      const described = judgeBatchDescription(name, judge, prediction, options.resultsFile)
      const judgeOf = {...described.judge_of, withheld: tally.withheld, ...(range.to > 1 && {repeats: range})}
      const batch = await stageBatch({...described, judge_of: judgeOf}, oneAtATime(repeatedRequests(range, () => work.requests(judge))))
      try {
        work.checkStaged()
      } catch (error) {
        await batch.abort()
        throw error
      }
      return batch
    },
  })
  return {
    prediction,
    results_file: options.resultsFile,
    judges_file: pool.file,
    tally,
    repeats: Math.max(repeats, ...batches.map((batch) => batch.repeats.to)),
    batches,
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
