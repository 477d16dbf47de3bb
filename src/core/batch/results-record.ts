import {basename, dirname, resolve} from 'node:path'

import {RESULTS_DIR, findManifest, type BatchManifest} from './manifest.js'

/**
 * The batch record of a results file: `results/<name>.jsonl` pairs with
 * `processed_files/<name>.manifest.json` beside the `results/` folder (the working directory
 * when the path has no `results/` folder). Undefined when there is none.
 */
export async function findResultsRecord(resultsFile: string): Promise<BatchManifest | undefined> {
  const absolute = resolve(resultsFile)
  const name = basename(absolute).replace(/\.jsonl$/, '')
  const root = basename(dirname(absolute)) === RESULTS_DIR ? dirname(dirname(absolute)) : '.'
  return findManifest(name, root)
}
