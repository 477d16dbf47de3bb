import {access} from 'node:fs/promises'

import type {Prediction} from '../dataset/layton-prompt.js'
import {lineError} from '../errors.js'
import {readJsonl} from '../jsonl.js'
import {readPrediction} from '../jury/predictions.js'
import type {WithheldCode} from '../jury/withheld.js'
import type {ResultLine, Usage} from '../results/result.js'
import {quantileSorted} from '../score/stats.js'

/** What an evaluated batch's answers file says: how many requests failed, the tokens, the answers. */
export interface PredictionSummary {
  file: string
  requests: number
  /** Requests that did not succeed, refused, blocked and truncated answers among them. */
  failed: number
  /** Failed requests by result code (`refusal`, `truncated`, `rate_limit`, ...). */
  failed_codes: Record<string, number>
  /** Summed over the lines; undefined for batchling files, which record none. */
  usage?: Usage
  /** Endpoint runs (bench's own worker): each request's latency in milliseconds, median and 95th percentile. */
  latency_ms?: {median: number; p95: number}
  /**
   * Each riddle's answer and justification (empty fields when the request failed or was unreadable),
   * and the kind of a prediction withheld from the judges; empty unless asked for, since 200,000
   * answers cost hundreds of megabytes and only the HTML shows them.
   */
  answers: Map<string, Prediction & {withheld?: WithheldCode}>
}

/**
 * Reads the answers file of an evaluated batch, bench's results lines or batchling's, line by
 * line; undefined when it is not there (judge files alone were given).
 */
export async function readPredictionSummary(file: string, keepAnswers: boolean): Promise<PredictionSummary | undefined> {
  try {
    await access(file)
  } catch {
    return undefined
  }
  const answers = new Map<string, Prediction & {withheld?: WithheldCode}>()
  const failedCodes: Record<string, number> = {}
  const usage: Usage = {input: 0, output: 0, reasoning: 0, cached: 0}
  let withUsage = 0
  let failed = 0
  let requests = 0
  const latencies: number[] = []
  for await (const {line, value} of readJsonl<Record<string, unknown>>(file)) {
    const custom_id = typeof value === 'object' && value !== null ? value.custom_id : undefined
    if (typeof custom_id !== 'string') throw lineError(file, line, 'custom_id', 'missing: not a file of model answers')
    const result = typeof value.ok === 'boolean' ? (value as unknown as ResultLine) : batchlingAsResult(custom_id, value.answer)
    requests += 1
    if (typeof result.latency_ms === 'number') latencies.push(result.latency_ms)
    if (!result.ok) {
      failed += 1
      const code = result.error?.code ?? 'unknown'
      failedCodes[code] = (failedCodes[code] ?? 0) + 1
    }
    if (result.usage !== undefined) {
      withUsage += 1
      usage.input += result.usage.input
      usage.output += result.usage.output
      usage.reasoning += result.usage.reasoning
      usage.cached += result.usage.cached
    }
    if (keepAnswers) {
      const read = readPrediction(result)
      answers.set(custom_id, read.reading === 'withheld' ? {answer: '', justification: '', withheld: read.code} : read.prediction)
    }
  }
  return {
    file,
    requests,
    failed,
    failed_codes: failedCodes,
    usage: withUsage === 0 ? undefined : usage,
    ...(latencies.length > 0 && {latency_ms: medianAndP95(latencies)}),
    answers,
  }
}

export function medianAndP95(values: readonly number[]): {median: number; p95: number} {
  const sorted = Float64Array.from(values).sort()
  return {median: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95)}
}

/** batchling writes a failed request as a line without a text answer. */
function batchlingAsResult(custom_id: string, answer: unknown): ResultLine {
  return typeof answer === 'string'
    ? ({custom_id, ok: true, text: answer} as ResultLine)
    : ({custom_id, ok: false, error: {code: 'failed', message: 'batchling wrote no answer for this request'}} as ResultLine)
}
