import {splitLineBatches} from '../../core/jsonl.js'
import type {ResultLine} from '../../core/results/result.js'

/** A vendor result file to stream: a name for messages and how to open its bytes. */
export interface ResultFile {
  /** e.g. `OpenAI file file-abc`. */
  label: string
  open(): Promise<AsyncIterable<Uint8Array>>
}

/** Turns one parsed vendor line into a result; undefined when the line names no request. */
export type LineNormalizer = (value: unknown) => ResultLine | undefined

/**
 * Streams normalized results from the vendor's files, one after the other.
 *
 * A line that is not JSON, or that carries no recoverable custom_id, is skipped and counted
 * rather than aborting the download: the other lines are worth keeping, and the caller marks any
 * request without a line `missing`, so nothing is silently lost. The count goes to stderr.
 */
export async function* readResultFiles(files: readonly ResultFile[], normalize: LineNormalizer): AsyncGenerator<ResultLine[]> {
  for (const file of files) {
    let skipped = 0
    for await (const lines of splitLineBatches(await file.open())) {
      const results: ResultLine[] = []
      for (const {text} of lines) {
        const result = normalize(parseOrUndefined(text))
        if (result === undefined) skipped += 1
        else results.push(result)
      }
      yield results
    }
    if (skipped > 0) warnSkipped(file.label, skipped)
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function warnSkipped(label: string, skipped: number): void {
  const lines = skipped === 1 ? 'line' : 'lines'
  process.stderr.write(`warning: skipped ${skipped} unreadable ${lines} in ${label}; their requests will count as missing\n`)
}

/** A response body as an async byte iterable; an empty body is an empty file. */
export function bodyOf(response: Response): AsyncIterable<Uint8Array> {
  return response.body ?? emptyBody()
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}
