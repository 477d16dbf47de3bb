import {missingRepeats, repeatBatchName, repeatsOf, type RepeatRange} from './repeats.js'
import type {BatchManifest} from '../batch/manifest.js'
import type {StagedBatch} from '../prepare/stage-batch.js'

/** One batch of a judge (or a candidate judge): the repeats it holds, and whether this run wrote it. */
export interface RepeatBatch<Judge> {
  judge: Judge
  manifest: BatchManifest
  repeats: RepeatRange
  /** False when an earlier run had already submitted it: it was left as it was. */
  written: boolean
}

/** What the Layton jury, the rubric jury and `bench judges` each decide about their batches. */
export interface RepeatBatchPlan<Judge> {
  /** The judges, in the order the batches are listed. */
  judges: readonly Judge[]
  /** Verdicts wanted per item per judge. */
  repeats: number
  /** The batches of this judge an earlier run submitted (a batch only prepared is written again). */
  earlier(judge: Judge): BatchManifest[]
  /** The name of the judge's first batch; later ones add `_r<from>-<to>` (repeats.ts). */
  baseName(judge: Judge): string
  /** Stages the batch `name` asking `repeats` of every item; throws to refuse (nothing is then left). */
  stage(judge: Judge, name: string, repeats: RepeatRange): Promise<StagedBatch>
}

/**
 * Each judge's batches: those an earlier run submitted are kept as they are, and one more batch
 * per judge asks only the repeats still missing (none when the wanted N is not higher). All the
 * new batches are written, or none.
 */
export async function stageMissingRepeats<Judge>(plan: RepeatBatchPlan<Judge>): Promise<RepeatBatch<Judge>[]> {
  const kept: RepeatBatch<Judge>[] = []
  const staged: {judge: Judge; batch: StagedBatch; repeats: RepeatRange}[] = []
  try {
    for (const judge of plan.judges) {
      const own = plan.earlier(judge)
      kept.push(...own.map((manifest) => ({judge, manifest, repeats: repeatsOf(manifest), written: false})))
      const repeats = missingRepeats(own.map(repeatsOf), plan.repeats)
      if (repeats === undefined) continue
      staged.push({judge, batch: await plan.stage(judge, repeatBatchName(plan.baseName(judge), repeats), repeats), repeats})
    }
  } catch (error) {
    await Promise.all(staged.map(({batch}) => batch.abort()))
    throw error
  }
  const written: RepeatBatch<Judge>[] = []
  for (const {judge, batch, repeats} of staged) written.push({judge, manifest: await batch.commit(), repeats, written: true})
  const order = (batch: RepeatBatch<Judge>): number => plan.judges.indexOf(batch.judge)
  return [...kept, ...written].sort((a, b) => order(a) - order(b) || a.repeats.from - b.repeats.from)
}
