import {existsSync, readFileSync} from 'node:fs'

import {runRecordPath} from './run-record.js'
import {readManifest, type BatchManifest} from '../batch/manifest.js'
import type {Destination} from '../destinations/destination.js'
import {checkDestinations, sendTarget, type SendTarget} from '../destinations/preflight.js'
import {commandLine, noteProgress} from '../interruption.js'
import {choosePanel, readJudgePool} from '../jury/panel.js'
import type {BatchProvider} from '../../providers/names.js'

/** What a run (Layton's or a standard benchmark's) needs of its settings to know where it will send. */
export interface RunPanel {
  provider: BatchProvider
  /** A judges file replacing bench's pool. */
  judges?: string
}

/**
 * Every key and host the run will need, its judges' too, checked before its first batch is sent
 * (core/destinations): the judges come from their records once the jury has written them, else
 * from the panel. `judged: false` for a run that has no judges.
 */
export async function runDestinations(prediction: BatchManifest, panel: RunPanel, judges: readonly string[] | undefined, judged = true): Promise<Destination[]> {
  return checkDestinations([sendTarget(prediction), ...(judged ? await judgeTargets(panel, judges) : [])])
}

async function judgeTargets(panel: RunPanel, judges: readonly string[] | undefined): Promise<SendTarget[]> {
  if (judges !== undefined) return (await Promise.all(judges.map((judge) => readManifest(judge)))).map(sendTarget)
  return choosePanel(await readJudgePool(panel.judges), panel.provider).judges.map((judge) => ({provider: judge.provider, model: judge.model}))
}

/** What Ctrl-C says of a run: where its record says it stopped, and `--resume` once there is a record to resume. */
export function noteRunInterruption(name: string): void {
  noteProgress({done: () => runProgress(name), next: () => (existsSync(runRecordPath(name)) ? `bench run --resume ${name}` : commandLine())})
}

/** Read synchronously, from the signal handler. */
function runProgress(name: string): string {
  if (!existsSync(runRecordPath(name))) return `run ${name} had sent nothing`
  const record = JSON.parse(readFileSync(runRecordPath(name), 'utf8')) as {stage: string}
  return `run ${name} stopped at its ${record.stage} stage; the batches it sent keep running at their vendors`
}
