import type {Stats} from 'node:fs'
import {stat} from 'node:fs/promises'
import {join} from 'node:path'

import {cachedHubFile, datasetHubFile} from './hub.js'
import {validateRiddle} from './riddle-validation.js'
import type {Riddle} from './riddle.js'
import type {Split} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {parseJsonLine, readLineBlocks, type NumberedLine} from '../jsonl.js'
import {packageRoot} from '../package-root.js'
import {UniqueIds} from '../prepare/unique-ids.js'

/** Where riddles come from: a local JSONL file, or one of the Layton files of the Hub (through the cache). */
export type RiddleSource = {kind: 'file'; path: string} | {kind: 'hub'; split: Split}

export interface LoadRiddlesOptions {
  /** Which riddles to keep; default: the Hub source's split, `full` (all) for a file. */
  split?: Split
  /** Stop after this many riddles (after the split filter); lines past it are not read. */
  limit?: number
}

/** A dozen original riddles of both splits, shipped with bench for demos and offline runs. */
export const SAMPLE_DATASET_PATH = join(packageRoot(), 'data', 'sample', 'layton_sample.jsonl')

/**
 * Streams the riddles of a source, validating every line it reads and rejecting repeated ids: the
 * first bad line throws a one-line UserError naming the file and line. Memory stays flat whatever
 * the file size (one line at a time, plus the ids). Callers that write output must write it to
 * temp files and commit only once the iteration has finished, so a bad line leaves nothing behind.
 */
export async function* loadRiddles(source: RiddleSource, options: LoadRiddlesOptions = {}): AsyncGenerator<Riddle> {
  for await (const riddles of loadRiddleBlocks(source, options)) yield* riddles
}

/**
 * The same riddles, a read's worth (256 KiB of the file) at a time: `prepare` pays one async
 * hand-over per block, not per riddle. Each block reads and checks its riddles as it is iterated,
 * and must be iterated to its end before the next one is asked for (see splitLineBlocks).
 */
export async function* loadRiddleBlocks(source: RiddleSource, options: LoadRiddlesOptions): AsyncGenerator<Iterable<Riddle>> {
  const path = source.kind === 'file' ? await existingFile(source.path) : await cachedHubFile(datasetHubFile(source.split))
  const split = options.split ?? (source.kind === 'hub' ? source.split : 'full')
  const limit = options.limit ?? Number.POSITIVE_INFINITY
  const ids = new UniqueIds(path)
  let kept = 0
  function* riddlesOf(lines: Iterable<NumberedLine>): Generator<Riddle> {
    for (const {line, text} of lines) {
      if (kept >= limit) return
      const riddle = validateRiddle(parseJsonLine(text, path, line), path, line)
      ids.add(riddle.id, line)
      if (split !== 'full' && riddle.split !== split) continue
      kept += 1
      yield riddle
    }
  }
  for await (const lines of readLineBlocks(path)) {
    if (kept >= limit) return
    yield riddlesOf(lines)
  }
}

async function existingFile(path: string): Promise<string> {
  let stats: Stats
  try {
    stats = await stat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`dataset file not found: ${path}; check the path given to --dataset`)
    }
    throw error
  }
  if (stats.isDirectory()) throw new UserError(`${path} is a directory: give --dataset a JSONL file, one riddle per line`)
  return path
}
