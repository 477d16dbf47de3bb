import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {writeFileAtomic} from '../atomic.js'
import {PROCESSED_DIR, assertValidName, type Split} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import type {Thinking} from '../prepare/request.js'
import type {ScoreField} from '../score/judgement.js'
import type {ScoreReport} from '../score/score.js'
import type {ProviderName} from '../../providers/names.js'

/** What a run evaluates and how it scores: fixed when the run begins, read back on `--resume`. */
export interface RunSettings {
  provider: ProviderName
  model: string
  split: Split
  hints: number
  /** Absolute path of a local dataset; absent: the Hub. */
  dataset?: string
  max_tokens?: number
  thinking?: Thinking
  limit?: number
  max_batch_requests?: number
  /** Absolute path of a judges file; absent: bench's pool. */
  judges?: string
  calibration?: string
  field: ScoreField
  seed: number
  resamples: number
  /** Attempts per batch, the first included: retries of transient failures stop there. */
  max_attempts: number
}

/**
 * Where a run is. Each stage is finished when the next is recorded, so a re-run skips it; within
 * a stage the batch records say what was already sent, and nothing is sent twice.
 */
export type RunStage = 'predictions' | 'judges' | 'score' | 'done'

export interface RunRecord {
  version: 1
  /** The run's name: that of its prediction batch. */
  name: string
  settings: RunSettings
  stage: RunStage
  /** The judge batches, once the jury has prepared them. */
  judges?: string[]
  score?: ScoreReport
  created_at: string
  history: {at: string; event: string}[]
}

export function runRecordPath(name: string): string {
  return join(PROCESSED_DIR, `${name}.run.json`)
}

export function runLockPath(name: string): string {
  return join(PROCESSED_DIR, `${name}.run.lock`)
}

export async function findRunRecord(name: string): Promise<RunRecord | undefined> {
  assertValidName(name)
  try {
    return JSON.parse(await readFile(runRecordPath(name), 'utf8')) as RunRecord
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

export async function readRunRecord(name: string): Promise<RunRecord> {
  const record = await findRunRecord(name)
  if (record === undefined) throw new UserError(`no run named "${name}": start one with \`bench run --provider P --model M\` (see \`bench run --help\`)`)
  return record
}

/** Records a step of the run, atomically: a crash leaves the previous record whole. */
export async function saveRunRecord(record: RunRecord, event: string): Promise<void> {
  record.history.push({at: new Date().toISOString(), event})
  await writeFileAtomic(runRecordPath(record.name), JSON.stringify(record, null, 2) + '\n')
}

/** The settings that differ, as `key (was X, now Y)`; empty when the same command is run again. */
export function changedSettings<Settings extends object>(recorded: Settings, given: Settings): string[] {
  const keys = [...new Set([...Object.keys(recorded), ...Object.keys(given)])] as (keyof Settings)[]
  return keys
    .filter((key) => JSON.stringify(recorded[key]) !== JSON.stringify(given[key]))
    .map((key) => `${String(key)} (was ${JSON.stringify(recorded[key]) ?? 'unset'}, now ${JSON.stringify(given[key]) ?? 'unset'})`)
}
