import {existsSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

import {RESULTS_DIR, findManifest, type BatchManifest} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {expandJsonlPaths} from '../jsonl-paths.js'
import {batchKey} from '../score/file-name.js'
import type {JudgeGroup, PredictionFileFound} from '../score/judge-groups.js'

/** One evaluated batch: the judge files that judged it, and what else is known about it. */
export interface EvaluationSource {
  /** The evaluated batch: bench's batch name, or batchling's `benchmark_<provider>_<model>_<split>_hints_<n>[...]`. */
  batch: string
  judgeFiles: string[]
  /** The evaluated model's answers (bench's results lines or batchling's), when found. */
  predictions?: string
  /** bench's record of the evaluated batch (usage, timestamps); absent for batchling files. */
  manifest?: BatchManifest
  split?: string
  hints?: number
}

/** The `.jsonl` files of the given paths: a directory stands for the files in it. */
export async function listFiles(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) throw new UserError('no judge files given: pass the judge result files or their directories, e.g. bench compare results/')
  const files = await expandJsonlPaths(paths, (error, path) => new UserError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): check the path`))
  if (files.length === 0) throw new UserError(`no judge files among ${paths.join(', ')}: pass judge_*.jsonl files, bench's results/ directory, or batchling's output directory`)
  return files
}

/**
 * What is known about a group's evaluated batch: its answers file (one given among the paths,
 * else bench's `results/<batch>.jsonl` or batchling's `benchmark_<...>.jsonl` beside a judge
 * file) and bench's record of it.
 */
export async function evaluationSource(group: JudgeGroup, predictions: readonly PredictionFileFound[], index: number): Promise<EvaluationSource> {
  const judges = group.table.judges
  const batch = group.batch ?? `unnamed ${index + 1}`
  const given = group.batch === undefined ? undefined : predictions.find((found) => batchKey(found.batch) === batchKey(batch))
  const first = judges[0]!.file
  const root = judges.some((judge) => judge.known_from === 'record') && basename(dirname(resolve(first))) === RESULTS_DIR ? dirname(dirname(resolve(first))) : undefined
  const manifest = given?.record ?? (root === undefined || group.batch === undefined ? undefined : await findManifest(group.batch, root))
  const beside = group.batch === undefined ? undefined : root === undefined ? join(dirname(first), `benchmark_${batchKey(batch)}.jsonl`) : join(root, RESULTS_DIR, `${batch}.jsonl`)
  const file = given?.file ?? (beside !== undefined && existsSync(beside) ? beside : undefined)
  const evaluated = judges.find((judge) => judge.evaluated.split !== undefined)?.evaluated
  return {
    batch,
    judgeFiles: judges.flatMap((judge) => judge.repeats?.files ?? [judge.file]),
    ...(file !== undefined && {predictions: file}),
    ...(manifest !== undefined && {manifest}),
    split: manifest?.dataset.split ?? evaluated?.split,
    hints: manifest?.hints ?? judges.find((judge) => judge.evaluated.hints !== undefined)?.evaluated.hints,
  }
}
