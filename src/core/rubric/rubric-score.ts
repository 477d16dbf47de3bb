import {itemCriteria, parseRubricVerdict} from './rubric-request.js'
import {EXPECTED_CRITERION, MATCHES_EXPECTED, denormalized, normalized, type Criterion} from './rubric.js'
import type {GradingRecord} from '../batch/manifest.js'
import {UserError, lineError} from '../errors.js'
import {repeatConsistency, ruledVerdict, type RepeatConsistency} from '../jury/repeat-consistency.js'
import {REPEAT_RULE, parseRepeatId} from '../jury/repeats.js'
import {readJsonl} from '../jsonl.js'
import type {ResultLine} from '../results/result.js'
import {ROUGH_BELOW, juryInterval} from '../score/interval.js'
import type {JuryStratum} from '../score/resample.js'

/** A score in a criterion's own units (points for pass/fail, grades for a scale) with its 95% interval. */
export interface CriterionScore {
  criterion: string
  /** `pass_fail`, or the scale's ends. */
  scale: Criterion['scale']
  /** Mean grade, or for pass/fail the percentage that pass. */
  score: number
  low: number
  high: number
  /** Answers counted: graded ones and those not sent (at the bottom of the scale). */
  n: number
  rough: boolean
}

/** One judge of a graded batch: its verdicts, what went wrong, and its agreement with itself. */
export interface GradingJudge {
  judge: string
  /** Requests asked (answers x repeats). */
  requests: number
  verdicts: number
  /** Requests that failed (the vendor's error, refusal, block, cut). */
  failed: number
  /** Answers whose text is not a verdict on every criterion, on its scale. */
  unparsed: number
  /** Per criterion: agreement across repeats, and the score each repeat alone gives (criterion units). */
  repeats: {criterion: string; consistency: RepeatConsistency}[]
}

/** A rubric-graded batch's scores. */
export interface GradingReport {
  /** The graded prediction batch, its vendor and model. */
  batch: string
  provider: string
  model: string
  rubric: string
  repeats: number
  /** How a judge's repeats make its verdict: stated, so a reader can reproduce the score. */
  repeat_rule: typeof REPEAT_RULE
  criteria: CriterionScore[]
  /** Per task: each criterion's jury grade over the judges, with its interval (rough: few verdicts). */
  tasks: {id: string; criteria: CriterionScore[]}[]
  judges: GradingJudge[]
  ungraded: {custom_id: string; code: string}[]
}

interface JudgeVerdicts {
  label: string
  /** item id -> criterion -> value per repeat (index repeat - 1). */
  items: Map<string, Map<string, (number | undefined)[]>>
  /** custom_ids read: one judge grades one answer's repeat once. */
  seen: Set<string>
  requests: number
  failed: number
  unparsed: number
}

interface GradedBatch {
  batch: string
  provider: string
  model: string
  grading: GradingRecord
  judges: Map<string, JudgeVerdicts>
}

/** Whether a results file holds a rubric jury's verdicts (its first line's `judge_of.grading`). */
export async function isGradingFile(file: string): Promise<boolean> {
  for await (const {value} of readJsonl<Partial<ResultLine>>(file)) {
    return typeof value === 'object' && value !== null && value.judge_of?.grading !== undefined
  }
  return false
}

/** Reads rubric judge results files, grouped by the batch they graded, and scores each batch. */
export async function scoreGradingFiles(files: readonly string[]): Promise<GradingReport[]> {
  const batches = new Map<string, GradedBatch>()
  for (const file of files) await readGradingFile(file, batches)
  return [...batches.values()].sort((a, b) => a.batch.localeCompare(b.batch)).map(scoreGradedBatch)
}

async function readGradingFile(file: string, batches: Map<string, GradedBatch>): Promise<void> {
  for await (const {line, value} of readJsonl<ResultLine>(file)) {
    const of = value?.judge_of
    if (of?.grading === undefined || typeof value.custom_id !== 'string') throw lineError(file, line, 'judge_of', 'not a line of a rubric jury (`bench jury --rubric`): score each kind of judge file on its own')
    let batch = batches.get(of.batch)
    if (batch === undefined) {
      batch = {batch: of.batch, provider: of.provider, model: of.model, grading: of.grading, judges: new Map()}
      batches.set(of.batch, batch)
    }
    if (JSON.stringify(batch.grading.criteria) !== JSON.stringify(of.grading.criteria)) {
      throw new UserError(`${file}: graded ${of.batch} on other criteria than an earlier file: score one rubric at a time`)
    }
    if (of.grading.repeats.to > batch.grading.repeats.to) batch.grading = {...batch.grading, repeats: {from: 1, to: of.grading.repeats.to}}
    const label = `${value.provider}/${value.model}`
    let judge = batch.judges.get(label)
    if (judge === undefined) {
      judge = {label, items: new Map(), seen: new Set(), requests: 0, failed: 0, unparsed: 0}
      batch.judges.set(label, judge)
    }
    const {id, repeat} = parseRepeatId(value.custom_id)
    if (judge.seen.has(value.custom_id)) {
      throw lineError(file, line, 'custom_id', `"${value.custom_id}" was graded twice by ${label}: pass each judge file once`)
    }
    judge.seen.add(value.custom_id)
    judge.requests += 1
    const item = judge.items.get(id) ?? new Map<string, (number | undefined)[]>()
    judge.items.set(id, item)
    if (!value.ok || typeof value.text !== 'string') {
      judge.failed += 1
      continue
    }
    // Which fields the verdict must have depends on whether the task had a reference: try with it first.
    const verdict = parseRubricVerdict(value.text, itemCriteria({source: '', criteria: of.grading.criteria}, true)) ?? parseRubricVerdict(value.text, of.grading.criteria)
    if (verdict === undefined) {
      judge.unparsed += 1
      continue
    }
    for (const [criterion, grade] of Object.entries(verdict)) {
      const repeats = item.get(criterion) ?? []
      repeats[repeat - 1] = grade
      item.set(criterion, repeats)
    }
  }
}

function scoreGradedBatch(batch: GradedBatch): GradingReport {
  const judges = [...batch.judges.values()]
  const ids = [...new Set(judges.flatMap((judge) => [...judge.items.keys()]))].sort()
  const withExpected = judges.some((judge) => [...judge.items.values()].some((item) => item.has(MATCHES_EXPECTED)))
  const criteria = withExpected ? [EXPECTED_CRITERION, ...batch.grading.criteria] : batch.grading.criteria
  const ungraded = batch.grading.ungraded ?? []
  const repeats = batch.grading.repeats.to

  /** Each judge's ruled verdict on an item, as a share of the scale. */
  const juryValues = (id: string, criterion: Criterion): number[] =>
    judges.flatMap((judge) => {
      const values = judge.items.get(id)?.get(criterion.name)
      const ruled = values === undefined ? undefined : ruledVerdict(values)
      return ruled === undefined ? [] : [normalized(criterion, ruled)]
    })

  const criterionScores = criteria.map((criterion) => {
    const strata = new Map<number, number>()
    for (const id of ids) {
      const values = juryValues(id, criterion)
      if (values.length === 0) continue
      const value = values.reduce((sum, entry) => sum + entry, 0) / values.length
      strata.set(value, (strata.get(value) ?? 0) + 1)
    }
    // An answer the judges never saw is at the bottom of every scale (for matches_expected: a fail).
    if (ungraded.length > 0) strata.set(0, (strata.get(0) ?? 0) + ungraded.length)
    return inUnits(criterion, [...strata].map(([value, count]) => ({value, count})), judges.length)
  })
  const tasks = ids.map((id) => ({
    id,
    criteria: criteria.flatMap((criterion) => {
      const values = juryValues(id, criterion)
      return values.length === 0 ? [] : [inUnits(criterion, values.map((value) => ({value, count: 1})), 1)]
    }),
  }))
  return {
    batch: batch.batch,
    provider: batch.provider,
    model: batch.model,
    rubric: batch.grading.rubric,
    repeats,
    repeat_rule: REPEAT_RULE,
    criteria: criterionScores,
    tasks,
    judges: judges.map((judge) => ({
      judge: judge.label,
      requests: judge.requests,
      verdicts: judge.requests - judge.failed - judge.unparsed,
      failed: judge.failed,
      unparsed: judge.unparsed,
      repeats: criteria.map((criterion) => {
        const perItem = ids.flatMap((id) => {
          const values = judge.items.get(id)?.get(criterion.name)
          return values === undefined ? [] : [Array.from({length: repeats}, (_, index) => values[index])]
        })
        const consistency = repeatConsistency(perItem, repeats)
        return {criterion: criterion.name, consistency: {...consistency, per_repeat_mean: consistency.per_repeat_mean.map((mean) => (mean === null ? null : inScale(criterion, mean)))}}
      }),
    })),
    ungraded,
  }
}

/** A criterion's score from jury values (shares of the scale), in its own units: percent for pass/fail. */
function inUnits(criterion: Criterion, strata: JuryStratum[], judges: number): CriterionScore {
  const interval = juryInterval(strata, judges)
  const unit = (share: number): number => round(criterion.scale === 'pass_fail' ? 100 * share : denormalized(criterion, share))
  return {criterion: criterion.name, scale: criterion.scale, score: unit(interval.mean), low: unit(interval.low), high: unit(interval.high), n: interval.n, rough: interval.n < ROUGH_BELOW}
}

/** A repeat's mean verdict, already in the criterion's units, as printed (percent for pass/fail). */
function inScale(criterion: Criterion, mean: number): number {
  return round(criterion.scale === 'pass_fail' ? 100 * mean : mean)
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
