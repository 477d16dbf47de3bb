import {readFileSync} from 'node:fs'
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'

import type {BatchStatus} from './status.js'
import {writeFileAtomic} from '../atomic.js'
import {UserError} from '../errors.js'
import type {RepeatRange} from '../jury/repeats.js'
import type {WithheldIds} from '../jury/withheld.js'
import type {Thinking} from '../prepare/request.js'
import type {Criterion} from '../rubric/rubric.js'
import type {BatchProvider} from '../../providers/names.js'
import type {RemoteShard} from '../../providers/types.js'

export const PROCESSED_DIR = 'processed_files'
export const RESULTS_DIR = 'results'

export type Split = 'llm' | 'vlm' | 'full'

/** Where a batch's items came from: later commands (jury) reload them from here. */
export interface DatasetSource {
  /** `hub`: the Layton dataset from the Hugging Face Hub cache; `file`: a local JSONL; `scenario`: a scenario file; `arena`: an arena record (`arena/<name>.arena.json`); `benchmark`: see `BatchManifest.benchmark`. */
  source: 'hub' | 'file' | 'scenario' | 'arena' | 'benchmark'
  /** For `file` and `scenario`: the path as the user gave it, resolved to absolute. */
  path?: string
  split: Split
}

export interface ShardRecord {
  /** Path relative to the working directory, e.g. `processed_files/<name>.jsonl`. */
  file: string
  requests: number
  bytes: number
  remote?: RemoteShard
}

/** `prepared` until `start` begins; `submitting` while shards are being sent; then `submitted`. */
export type ManifestState = 'prepared' | 'submitting' | 'submitted'

export interface BatchSettings {
  max_tokens?: number
  thinking?: Thinking
  temperature?: number
  limit?: number
}

/** What a judge batch judges: the prediction batch and its results file. */
export interface JudgeOf {
  batch: string
  results_file: string
  provider: BatchProvider
  model: string
  /** The judged batch's split, hints level and thinking setting (absent in records before they were kept). */
  split?: Split
  hints?: number
  thinking?: Thinking
  /** Predictions not sent to the judges (refused, blocked, truncated): counted incorrect by `bench score`. */
  withheld?: WithheldIds
  /** `bench jury --repeats`: the repeats this batch asks (ids <id>__r<k>); absent when it asks only the first. */
  repeats?: RepeatRange
}

/**
 * What a grading judge batch asks (`bench jury --rubric`, `bench judges`): the rubric's criteria,
 * kept here so verdicts are read without the rubric file, and which repeats the batch holds.
 */
export interface GradingRecord {
  /** The rubric file, or `default` (MT-bench's single 1-10 grade), or `pass_fail` (`bench judges`). */
  rubric: string
  criteria: Criterion[]
  repeats: RepeatRange
  /** `bench judges`: the labelled file the candidate judge is tested on. */
  labels?: string
  /** `bench jury --rubric`: answers not sent (failed, refused, blocked, truncated), graded at the bottom of every scale. */
  ungraded?: {custom_id: string; code: string}[]
}

/**
 * What a retry batch resubmits. Every retry of a batch, and every retry of a retry, joins one
 * chain under the first batch (`root`): `bench results <root>` merges the whole chain.
 */
export interface RetryOf {
  /** The first attempt, whose record lists the chain (`attempts`) and whose results file holds the merge. */
  root: string
  /** The batch whose unfinished requests were picked: the root, or an earlier retry. */
  batch: string
  /** 2 for the first retry, 3 for the next... */
  attempt: number
}

/** How many of a merged results file's answers each attempt supplied. */
export interface AttemptCount {
  batch: string
  succeeded: number
}

/**
 * An `openai-compatible` batch: the named endpoint (from the endpoints config; never its key) and
 * what bench's own worker has recorded about its runs. The answers themselves are in `answers_file`.
 */
export interface EndpointRecord {
  name: string
  /** Append-only: one line per answered request, the source of truth for `get` and `results`. */
  answers_file: string
  /** ISO 8601: when `start` first ran the worker. */
  started_at?: string
  cancelled_at?: string
  /** Why the last run stopped before the end (a rejected key, an unreachable server). */
  stopped?: {at: string; reason: string}
}

/** A batch prepared from a scenario: where a later scoring step finds each task's `expected` and schema. */
export interface ScenarioRecord {
  name: string
  /** One JSON line per task: `{id, expected?, match?, schema?}` (scenario/tasks-file.ts). */
  tasks_file: string
}

/** A pairwise judge batch of an arena (`bench arena judge`): which arena, so its verdicts are read against its pairs. */
export interface ArenaBatchRecord {
  name: string
  /** The arena record, relative to the working directory. */
  file: string
}

/** A batch of a standard benchmark (`prepare --benchmark`): what was asked, and where `score` finds the answers. */
export interface BenchmarkRecord {
  name: string
  /** One JSON line per question, `{id, group, key}`: what `score` grades the answers against (benchmarks/answer-key.ts). */
  key_file: string
  shots: number
  seed: number
  subjects?: string[]
  /** Where the questions were read from: local files, or the Hub files in bench's cache. */
  files: string[]
}

/** The batch record: everything later commands need, written atomically beside the JSONL. */
export interface BatchManifest {
  version: 1
  name: string
  kind: 'prediction' | 'judge' | 'arena'
  provider: BatchProvider
  model: string
  /** Set when `provider` is `openai-compatible`. */
  endpoint?: EndpointRecord
  scenario?: ScenarioRecord
  arena?: ArenaBatchRecord
  benchmark?: BenchmarkRecord
  dataset: DatasetSource
  hints: number
  settings: BatchSettings
  requests: number
  bytes: number
  /** Input tokens of all requests, estimated at prepare time (pricing/token-estimate.ts), for the cost estimate. */
  input_tokens_estimate?: number
  shards: ShardRecord[]
  /** Every request id in shard order, as the vendor gets it: one JSON string per line (older batches: absent). */
  ids_file?: string
  /** Set when some ids were mapped to ones the vendor accepts: vendor id -> the user's id (prepare/id-map.ts). */
  id_map_file?: string
  /** What the card says about how requests were fitted to the model (capabilities/request-fit.ts). */
  notes?: string[]
  created_at: string
  state: ManifestState
  /** The last status seen by `get`, per shard, so `list` needs no network. */
  last_status?: BatchStatus
  judge_of?: JudgeOf
  /** Set on a grading judge batch: its criteria and repeats. */
  grading?: GradingRecord
  /** Set on a retry batch (`bench retry`). */
  retry_of?: RetryOf
  /** On the first attempt of a retried batch: its retry batches, oldest first. */
  attempts?: string[]
  /** `failures`: failed requests by result code (absent from records written before it was kept). */
  results?: {file: string; written_at: string; succeeded: number; failed: number; failures?: Record<string, number>; attempts?: AttemptCount[]}
  history: {at: string; event: string}[]
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/

export function assertValidName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new UserError(
      `invalid batch name "${name}": use letters, digits, ".", "_" and "-" (at most 200), starting with a letter or digit`,
    )
  }
}

export function manifestPath(name: string, root = '.'): string {
  return join(root, PROCESSED_DIR, `${name}.manifest.json`)
}

export async function readManifest(name: string, root = '.'): Promise<BatchManifest> {
  assertValidName(name)
  let text: string
  try {
    text = await readFile(manifestPath(name, root), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`no batch named "${name}": run \`bench list\` to see the batches, or \`bench prepare\` to make one`)
    }
    throw error
  }
  return JSON.parse(text) as BatchManifest
}

/** The record as it is on disk now, read synchronously (from a signal handler). */
export function readManifestSync(name: string, root = '.'): BatchManifest {
  return JSON.parse(readFileSync(manifestPath(name, root), 'utf8')) as BatchManifest
}

/** Returns undefined instead of throwing when the batch does not exist. */
export async function findManifest(name: string, root = '.'): Promise<BatchManifest | undefined> {
  try {
    return await readManifest(name, root)
  } catch (error) {
    if (error instanceof UserError) return undefined
    throw error
  }
}

export async function writeManifest(manifest: BatchManifest, root = '.'): Promise<void> {
  await writeFileAtomic(manifestPath(manifest.name, root), JSON.stringify(manifest, null, 2) + '\n')
}

/** Applies `change` to the stored manifest and writes it back, logging `event` in its history. */
export async function updateManifest(
  name: string,
  event: string,
  change: (manifest: BatchManifest) => void,
  root = '.',
): Promise<BatchManifest> {
  const manifest = await readManifest(name, root)
  change(manifest)
  manifest.history.push({at: new Date().toISOString(), event})
  await writeManifest(manifest, root)
  return manifest
}

/** Every batch in `processed_files/`, oldest first. */
export async function listManifests(root = '.'): Promise<BatchManifest[]> {
  let entries: string[]
  try {
    entries = await readdir(join(root, PROCESSED_DIR))
  } catch {
    return []
  }
  const names = entries.filter((entry) => entry.endsWith('.manifest.json')).map((entry) => entry.slice(0, -'.manifest.json'.length))
  const manifests = await Promise.all(names.map((name) => findManifest(name, root)))
  return manifests
    .filter((manifest): manifest is BatchManifest => manifest !== undefined)
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
}

export function lockPath(name: string, root = '.'): string {
  return join(root, PROCESSED_DIR, `${name}.lock`)
}
