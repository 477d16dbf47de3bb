import type {ResultLine} from './result.js'
import type {BatchManifest} from '../batch/manifest.js'
import {readLineBatches} from '../jsonl.js'

/** An answer of an earlier results file kept in place of a failure: its line as written then, and what it says. */
export interface KeptAnswer {
  text: string
  line: ResultLine
}

/**
 * bench writes every results line with its id and fate first (`{"custom_id":"r-1","ok":true,...`):
 * most lines are passed over without parsing them. A line written otherwise is parsed.
 */
const LEADING_FATE = /^\{"custom_id":"([^"\\]*)","ok":(true|false)[,}]/

/**
 * The successful answers an earlier `bench results` of this same batch wrote for requests that now
 * failed or came back missing (a vendor that dropped a file, a download cut short, an emulator
 * restarted): a success on disk is never replaced by a failure. Read only when something failed,
 * and only lines of the batch's own provider and model are kept, so a file left by a batch once
 * prepared under the same name is never mixed in.
 */
export async function earlierAnswers(file: string, manifest: BatchManifest, failed: ReadonlySet<string>): Promise<Map<string, KeptAnswer>> {
  const kept = new Map<string, KeptAnswer>()
  if (failed.size === 0) return kept
  try {
    for await (const batch of readLineBatches(file)) {
      for (const {text} of batch) {
        const fate = LEADING_FATE.exec(text)
        if (fate !== null && (fate[2] === 'false' || !failed.has(fate[1]!))) continue
        const line = parsed(text)
        if (line?.ok === true && failed.has(line.custom_id) && line.provider === manifest.provider && line.model === manifest.model) {
          kept.set(line.custom_id, {text, line})
        }
      }
    }
  } catch (error) {
    // No earlier file (removed by hand): nothing to keep.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  return kept
}

function parsed(text: string): ResultLine | undefined {
  try {
    const value = JSON.parse(text) as ResultLine
    return typeof value?.custom_id === 'string' ? value : undefined
  } catch {
    // A line cut short by hand or by a full disk: nothing to keep from it.
    return undefined
  }
}
