import {join} from 'node:path'

import {RESULTS_DIR, listManifests} from '../batch/manifest.js'

/** The results files of every judge batch of a prediction batch: what `bench score` takes. */
export async function judgeResultsFiles(predictionName: string): Promise<string[]> {
  const judges = (await listManifests()).filter((manifest) => manifest.judge_of?.batch === predictionName)
  return judges.map((manifest) => join(RESULTS_DIR, `${manifest.name}.jsonl`))
}
