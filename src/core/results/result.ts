import type {ResultCode} from './result-codes.js'
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

/** Why a request did not succeed: one of bench's closed list of codes, with the vendor's own words. */
export interface ResultError {
  code: ResultCode
  /** The vendor's text where it gave one: the refusal sentence, the block reason, the error message. */
  message: string
  /** The vendor's own code where it says more than `code`: `content_filter`, `MAX_TOKENS`, `invalid_request_error`, `http_400`. */
  vendor_code?: string
}

/** One normalized line of `results/<name>.jsonl`: every request ends as exactly one of these. */
export interface ResultLine {
  custom_id: string
  ok: boolean
  /** The answer text (thinking blocks left out); on a failed line, what the model wrote before it was cut off or refused. */
  text?: string
  /** `text` parsed, when it is JSON. */
  parsed?: unknown
  /** Kept on failed lines too: a refused, blocked or truncated answer is billed. */
  usage?: Usage
  error?: ResultError
  model: string
  provider: BatchProvider
  /** Milliseconds from sending the request to its answer, where bench sent it itself (endpoints). */
  latency_ms?: number
  /** On the lines of a judge batch: what it judged (jury/judged-batch.ts). */
  judge_of?: JudgedBatch
}
