import type {JudgedBatch} from '../jury/judged-batch.js'
import type {BatchProvider} from '../../providers/names.js'

/** Token counts of one answered request, in the vendor-neutral sense used for cost. */
export interface Usage {
  /** All input tokens, cached ones included. */
  input: number
  /** All output tokens, reasoning ones included. */
  output: number
  /** Of `output`, the tokens spent thinking. */
  reasoning: number
  /** Of `input`, the tokens read from the vendor's cache. */
  cached: number
}

/**
 * Why a request did not succeed. `code` is the vendor's code where it gave one; bench's own
 * codes are `missing` (the vendor never returned the request), `expired`, `cancelled`.
 */
export interface ResultError {
  code: string
  message: string
}

/** One normalized line of `results/<name>.jsonl`: every request ends as exactly one of these. */
export interface ResultLine {
  custom_id: string
  ok: boolean
  /** The answer text (thinking blocks left out). */
  text?: string
  /** `text` parsed, when it is JSON. */
  parsed?: unknown
  usage?: Usage
  error?: ResultError
  model: string
  provider: BatchProvider
  /** Milliseconds from sending the request to its answer, where bench sent it itself (endpoints). */
  latency_ms?: number
  /** On the lines of a judge batch: what it judged (jury/judged-batch.ts). */
  judge_of?: JudgedBatch
}
