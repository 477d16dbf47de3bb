import {gradedItems, type UngradedAnswer} from './graded-items.js'
import {buildRubricRequest, itemCriteria} from './rubric-request.js'
import {DEFAULT_RUBRIC, readRubric, type Rubric} from './rubric.js'
import {listManifests, type BatchManifest, type GradingRecord} from '../batch/manifest.js'
import {sanitizeModel} from '../batch/naming.js'
import {startBatches, type StartOutcome} from '../batch/start.js'
import {UserError} from '../errors.js'
import {assertReadableFile} from '../jury/judge-files.js'
import {judgeBatchDescription, predictionManifest} from '../jury/jury.js'
import {choosePanel, readJudgePool, type Judge} from '../jury/panel.js'
import {missingRepeats, repeatBatchName, repeatedRequests, type RepeatRange} from '../jury/repeats.js'
import {oneAtATime, stageBatch, type StagedBatch} from '../prepare/stage-batch.js'

export interface RubricJuryOptions {
  resultsFile: string
  /** A rubric file; undefined for MT-bench's single 1-10 grade. */
  rubricFile?: string
  judgesFile?: string
  /** Verdicts per answer per judge (default 1). */
  repeats: number
}

/** One judge's batches: the repeats each holds. */
export interface RubricJuryBatch {
  judge: Judge
  manifest: BatchManifest
  repeats: RepeatRange
  /** False when an earlier run had already submitted it. */
  written: boolean
}

export interface RubricJuryOutcome {
  prediction: BatchManifest
  results_file: string
  rubric: Rubric
  repeats: number
  answers: number
  /** Answers not sent to the judges (failed, refused, blocked, truncated): graded at the bottom of every scale. */
  ungraded: UngradedAnswer[]
  batches: RubricJuryBatch[]
}

/**
 * A bench results file -> rubric judge batches, one per judge of the panel (the Layton jury's
 * rule: the evaluated vendor's judge sits out). With `repeats` N, each answer is asked N times in
 * the same batch. Re-run with a higher N, the batches already submitted are kept and one more
 * batch per judge asks only the missing repeats; a lower or equal N sends nothing new.
 */
export async function prepareRubricJury(options: RubricJuryOptions): Promise<RubricJuryOutcome> {
  await assertReadableFile(options.resultsFile, 'results file')
  const prediction = await predictionManifest(options.resultsFile)
  const rubric = options.rubricFile === undefined ? DEFAULT_RUBRIC : await readRubric(options.rubricFile)
  const panel = choosePanel(await readJudgePool(options.judgesFile), prediction.provider)
  const {items, ids, ungraded} = await gradedItems(prediction, options.resultsFile)
  if (items.length === 0) {
    throw new UserError(`${options.resultsFile} holds no answer to grade (${ungraded.length} failed, refused, blocked or truncated): \`bench retry ${prediction.name}\` resubmits them`)
  }
  const earlier = (await listManifests()).filter((manifest) => manifest.judge_of?.batch === prediction.name && manifest.grading !== undefined)

  const staged: {judge: Judge; batch: StagedBatch; repeats: RepeatRange}[] = []
  const kept: RubricJuryBatch[] = []
  try {
    for (const judge of panel.judges) {
      const own = earlier.filter((manifest) => manifest.provider === judge.provider && manifest.model === judge.model && manifest.state !== 'prepared')
      for (const manifest of own) refuseOtherRubric(manifest, rubric)
      kept.push(...own.map((manifest) => ({judge, manifest, repeats: manifest.grading!.repeats, written: false})))
      const repeats = missingRepeats(own.map((manifest) => manifest.grading!.repeats), options.repeats)
      if (repeats === undefined) continue
      const name = repeatBatchName(`grade_${prediction.name}_by_${judge.provider}_${sanitizeModel(judge.model)}`, repeats)
      const grading: GradingRecord = {rubric: rubric.source, criteria: rubric.criteria, repeats, ungraded}
      const batch = await stageBatch(
        {...judgeBatchDescription(name, judge, prediction, options.resultsFile), grading},
        oneAtATime(
          repeatedRequests(items, ids, repeats, (item, customId) => buildRubricRequest({...item, custom_id: customId}, itemCriteria(rubric, item.reference !== undefined), judge)),
        ),
      )
      staged.push({judge, batch, repeats})
    }
  } catch (error) {
    await Promise.all(staged.map(({batch}) => batch.abort()))
    throw error
  }
  const written: RubricJuryBatch[] = []
  for (const {judge, batch, repeats} of staged) written.push({judge, manifest: await batch.commit(), repeats, written: true})
  return {
    prediction,
    results_file: options.resultsFile,
    rubric,
    repeats: options.repeats,
    answers: items.length,
    ungraded,
    batches: [...kept, ...written].sort((a, b) => panel.judges.indexOf(a.judge) - panel.judges.indexOf(b.judge) || a.repeats.from - b.repeats.from),
  }
}

/** Submits every batch not yet submitted (a re-run resumes), once every judge's key and host has been checked. */
export async function startRubricJury(outcome: RubricJuryOutcome): Promise<StartOutcome[]> {
  return startBatches(outcome.batches.filter((entry) => entry.written).map((entry) => entry.manifest))
}

/** Repeats added later must ask the same thing as the first ones, or their agreement means nothing. */
function refuseOtherRubric(manifest: BatchManifest, rubric: Rubric): void {
  if (JSON.stringify(manifest.grading!.criteria) === JSON.stringify(rubric.criteria)) return
  throw new UserError(
    `judge batch ${manifest.name} graded other criteria (${manifest.grading!.rubric}: ${manifest.grading!.criteria.map((criterion) => criterion.name).join(', ')}): pass the same --rubric, or grade a copy of the results file under another name`,
  )
}
