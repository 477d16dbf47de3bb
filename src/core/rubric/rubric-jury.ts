import {gradedItems, type UngradedAnswer} from './graded-items.js'
import {buildRubricRequest, itemCriteria} from './rubric-request.js'
import {DEFAULT_RUBRIC, readRubric, type Rubric} from './rubric.js'
import {listManifests, type BatchManifest} from '../batch/manifest.js'
import {sanitizeModel} from '../batch/naming.js'
import {startBatches, type StartOutcome} from '../batch/start.js'
import {UserError} from '../errors.js'
import {assertReadableFile} from '../jury/judge-files.js'
import {judgeBatchDescription, predictionManifest} from '../jury/jury.js'
import {choosePanel, readJudgePool, type Judge} from '../jury/panel.js'
import {stageMissingRepeats, type RepeatBatch} from '../jury/repeat-batches.js'
import {repeatedRequests} from '../jury/repeats.js'
import {oneAtATime, stageBatch} from '../prepare/stage-batch.js'

export interface RubricJuryOptions {
  resultsFile: string
  /** A rubric file; undefined for MT-bench's single 1-10 grade. */
  rubricFile?: string
  judgesFile?: string
  /** Verdicts per answer per judge (default 1). */
  repeats: number
}

/** One batch of a judge: the repeats it holds. */
export type RubricJuryBatch = RepeatBatch<Judge>

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
  const earlier = (await listManifests()).filter((manifest) => manifest.judge_of?.batch === prediction.name && manifest.grading !== undefined && manifest.state !== 'prepared')
  const batches = await stageMissingRepeats({
    judges: panel.judges,
    repeats: options.repeats,
    earlier(judge) {
      const own = earlier.filter((manifest) => manifest.provider === judge.provider && manifest.model === judge.model)
      for (const manifest of own) refuseOtherRubric(manifest, rubric)
      return own
    },
    baseName: (judge) => `grade_${prediction.name}_by_${judge.provider}_${sanitizeModel(judge.model)}`,
    stage: (judge, name, repeats) =>
      stageBatch(
        {...judgeBatchDescription(name, judge, prediction, options.resultsFile), grading: {rubric: rubric.source, criteria: rubric.criteria, repeats, ungraded}},
        oneAtATime(repeatedRequests(repeats, () => items.map((item, index) => buildRubricRequest({...item, custom_id: ids[index]!}, itemCriteria(rubric, item.reference !== undefined), judge)))),
      ),
  })
  return {
    prediction,
    results_file: options.resultsFile,
    rubric,
    repeats: options.repeats,
    answers: items.length,
    ungraded,
    batches,
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
