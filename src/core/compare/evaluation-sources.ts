import {readdir, stat} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'

import {RESULTS_DIR, findManifest, type BatchManifest} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {parseJudgeFileName} from '../score/file-name.js'

/** Where an evaluated model's answers are: bench's results lines or batchling's `{custom_id, answer}` lines. */
export interface PredictionFile {
  file: string
  format: 'bench' | 'batchling'
}

/** One evaluated batch: the judge files that judged it, and what else is known about it. */
export interface EvaluationSource {
  /** The evaluated batch: bench's batch name, or batchling's `<provider>_<model>_<split>_hints_<n>[...]`. */
  batch: string
  judgeFiles: string[]
  /** The evaluated model's answers, when found (bench: its results file; batchling: `benchmark_<batch>.jsonl` beside the judge files). */
  predictions?: PredictionFile
  /** bench's record of the evaluated batch (usage, timestamps); absent for batchling files. */
  manifest?: BatchManifest
  hints?: number
}

/**
 * Sorts the given files and directories (a directory stands for its `.jsonl` files) into
 * evaluated batches. bench's judge results are grouped by their batch record's `judge_of.batch`;
 * batchling judge files by the evaluated batch their names carry. In a directory, files that are
 * neither (predictions, calibration pools) are passed over; a file named on its own must be a
 * judge file or a prediction file.
 */
export async function findEvaluations(paths: readonly string[], optional = false): Promise<EvaluationSource[]> {
  if (paths.length === 0) throw new UserError('no judge files given: pass the judge result files or their directories, e.g. bench compare results/')
  const groups = new Map<string, EvaluationSource>()
  for (const path of paths) {
    const listed = await filesOf(path)
    for (const file of listed.files) {
      const found = await classify(file)
      if (found === undefined) {
        if (listed.named) throw new UserError(`${file} is not a judge file (judge_<model>_by_<judge>.jsonl, or bench's results of a judge batch): pass judge files or their directory`)
        continue
      }
      if (found.kind === 'prediction') continue
      const group = groups.get(found.source.batch)
      if (group === undefined) groups.set(found.source.batch, found.source)
      else if (!group.judgeFiles.includes(file)) group.judgeFiles.push(file)
    }
  }
  if (groups.size === 0 && !optional) throw new UserError(`no judge files among ${paths.join(', ')}: pass judge_*.jsonl files, bench's results/ directory, or batchling's output directory`)
  return [...groups.values()].sort((a, b) => a.batch.localeCompare(b.batch))
}

async function filesOf(path: string): Promise<{files: string[]; named: boolean}> {
  let isDirectory: boolean
  try {
    isDirectory = (await stat(path)).isDirectory()
  } catch (error) {
    throw new UserError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): check the path`)
  }
  if (!isDirectory) return {files: [path], named: true}
  const entries = (await readdir(path)).filter((entry) => entry.endsWith('.jsonl')).sort()
  return {files: entries.map((entry) => join(path, entry)), named: false}
}

type Classified = {kind: 'judge'; source: EvaluationSource} | {kind: 'prediction'}

async function classify(file: string): Promise<Classified | undefined> {
  const absolute = resolve(file)
  const name = basename(absolute).replace(/\.jsonl$/, '')
  if (basename(dirname(absolute)) === RESULTS_DIR) {
    const root = dirname(dirname(absolute))
    const manifest = await findManifest(name, root)
    if (manifest?.kind === 'prediction') return {kind: 'prediction'}
    if (manifest?.judge_of !== undefined) {
      const evaluated = await findManifest(manifest.judge_of.batch, root)
      // A standard benchmark's judges (XSTest) are read with its batch (benchmarks/compare-benchmarks.ts).
      if (evaluated?.benchmark !== undefined) return {kind: 'prediction'}
      return {
        kind: 'judge',
        source: {
          batch: manifest.judge_of.batch,
          judgeFiles: [file],
          predictions: {file: join(root, RESULTS_DIR, `${manifest.judge_of.batch}.jsonl`), format: 'bench'},
          manifest: evaluated,
          hints: evaluated?.hints,
        },
      }
    }
  }
  if (name.startsWith('benchmark_')) return {kind: 'prediction'}
  if (parseJudgeFileName(file) === undefined) return undefined
  const batch = name.slice('judge_'.length, name.lastIndexOf('_by_'))
  const hints = /_hints_(\d+)/.exec(batch)?.[1]
  return {
    kind: 'judge',
    source: {
      batch,
      judgeFiles: [file],
      predictions: {file: join(dirname(file), `benchmark_${batch}.jsonl`), format: 'batchling'},
      hints: hints === undefined ? undefined : Number(hints),
    },
  }
}
