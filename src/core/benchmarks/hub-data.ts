import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import type {HubFile} from '../dataset/hub.js'
import {UserError} from '../errors.js'
import {packageRoot} from '../package-root.js'

/** Where each benchmark lives on the Hugging Face Hub: `data/benchmarks.json`, so a moved file is a one-line fix. */
export const BENCHMARK_HUB_DATA = join(packageRoot(), 'data', 'benchmarks.json')

interface HubEntry {
  repository: string
  revision: string
  format: 'parquet' | 'jsonl'
  files: string[]
  shot_files?: string[]
}

let entries: Promise<Record<string, HubEntry>> | undefined

/** The benchmark's files of one split, as Hub files the cache downloads once. */
export async function benchmarkHubFiles(benchmark: string, split: 'files' | 'shot_files'): Promise<{format: 'parquet' | 'jsonl'; files: HubFile[]}> {
  const entry = (await (entries ??= readEntries()))[benchmark]
  if (entry === undefined) throw new UserError(`${BENCHMARK_HUB_DATA} has no entry for benchmark "${benchmark}": add one, or pass --dataset PATH`)
  const files = entry[split] ?? []
  const wayOut = 'or pass --dataset PATH with a local copy in the original release format'
  return {format: entry.format, files: files.map((file) => ({repository: entry.repository, revision: entry.revision, file, wayOut}))}
}

/** Checked where it enters: a hand-edited file with a typo fails here, naming the key. */
async function readEntries(): Promise<Record<string, HubEntry>> {
  const problem = (where: string, message: string) => new UserError(`${BENCHMARK_HUB_DATA}: ${where} ${message}`)
  let root: unknown
  try {
    root = JSON.parse(await readFile(BENCHMARK_HUB_DATA, 'utf8'))
  } catch (error) {
    throw problem('is not readable JSON', `(${(error as Error).message.split('\n')[0]}): reinstall bench or fix the file`)
  }
  const benchmarks = (root as {benchmarks?: unknown} | null)?.benchmarks
  if (typeof benchmarks !== 'object' || benchmarks === null) throw problem('"benchmarks"', 'must be an object of benchmark name to Hub files')
  const checked: Record<string, HubEntry> = {}
  for (const [name, value] of Object.entries(benchmarks)) {
    const entry = value as Partial<HubEntry>
    const where = `benchmarks.${name}`
    const strings = (list: unknown): list is string[] => Array.isArray(list) && list.length > 0 && list.every((item) => typeof item === 'string' && item !== '')
    if (typeof entry.repository !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(entry.repository)) throw problem(`${where}.repository`, 'must be "owner/name"')
    if (typeof entry.revision !== 'string' || entry.revision === '') throw problem(`${where}.revision`, 'must be a branch or ref, e.g. "main"')
    if (entry.format !== 'parquet' && entry.format !== 'jsonl') throw problem(`${where}.format`, 'must be "parquet" or "jsonl"')
    if (!strings(entry.files)) throw problem(`${where}.files`, 'must be a non-empty list of paths in the repository')
    if (entry.shot_files !== undefined && !strings(entry.shot_files)) throw problem(`${where}.shot_files`, 'must be a non-empty list of paths in the repository')
    checked[name] = entry as HubEntry
  }
  return checked
}
