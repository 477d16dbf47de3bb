import {existsSync} from 'node:fs'

import type {Evaluation} from './evaluations.js'
import {loadRiddles} from '../dataset/dataset.js'
import {datasetHubFile, hubCachePath, hubSettings} from '../dataset/hub.js'

/** Each riddle's `category`, and where the categories were read from. */
export interface RiddleCategories {
  files: string[]
  byRiddle: Map<string, string>
}

/**
 * The datasets that give categories: the --dataset file, else each bench batch's own dataset (a
 * local file, or the Hub file when it is already cached: compare never downloads). batchling
 * files record no dataset, so without --dataset they have no categories.
 */
export async function readRiddleCategories(evaluations: readonly Evaluation[], datasetPath: string | undefined): Promise<RiddleCategories> {
  const files = new Set<string>()
  if (datasetPath !== undefined) files.add(datasetPath)
  else {
    for (const {source} of evaluations) {
      const dataset = source.manifest?.dataset
      if (dataset === undefined) continue
      const file = dataset.path ?? (dataset.split === 'full' ? undefined : hubCachePath(datasetHubFile(dataset.split), hubSettings()))
      if (file !== undefined && existsSync(file)) files.add(file)
    }
  }
  const byRiddle = new Map<string, string>()
  for (const file of files) {
    for await (const riddle of loadRiddles({kind: 'file', path: file})) byRiddle.set(riddle.id, riddle.category)
  }
  return {files: [...files], byRiddle}
}
