import {access} from 'node:fs/promises'

import type {PredictionFile} from './evaluation-sources.js'
import type {Prediction} from '../dataset/layton-prompt.js'
import {lineError} from '../errors.js'
import {readJsonl} from '../jsonl.js'
import {readPrediction} from '../jury/predictions.js'
import type {ResultLine, Usage} from '../results/result.js'

/** What an evaluated batch's answers file says: how many requests failed, the tokens, the answers. */
export interface PredictionSummary {
  file: string
  requests: number
  failed: number
  /** Summed over the lines; undefined for batchling files, which record none. */
  usage?: Usage
  /**
   * Each riddle's answer and justification (empty fields when the request failed or was unreadable);
   * empty unless asked for, since 200,000 answers cost hundreds of megabytes and only the HTML shows them.
   */
  answers: Map<string, Prediction>
}

/** Reads the answers file of an evaluated batch; undefined when it is not there (judge files alone were given). */
export async function readPredictionSummary(source: PredictionFile, keepAnswers: boolean): Promise<PredictionSummary | undefined> {
  try {
    await access(source.file)
  } catch {
    return undefined
  }
  const answers = new Map<string, Prediction>()
  const usage: Usage = {input: 0, output: 0, reasoning: 0, cached: 0}
  let withUsage = 0
  let failed = 0
  let requests = 0
  for await (const {line, value} of readJsonl<Record<string, unknown>>(source.file)) {
    const custom_id = typeof value === 'object' && value !== null ? value.custom_id : undefined
    if (typeof custom_id !== 'string') throw lineError(source.file, line, 'custom_id', 'missing: not a file of model answers')
    const result = source.format === 'bench' ? (value as unknown as ResultLine) : batchlingAsResult(custom_id, value.answer)
    requests += 1
    if (!result.ok) failed += 1
    if (result.usage !== undefined) {
      withUsage += 1
      usage.input += result.usage.input
      usage.output += result.usage.output
      usage.reasoning += result.usage.reasoning
      usage.cached += result.usage.cached
    }
    if (keepAnswers) answers.set(custom_id, readPrediction(result).prediction)
  }
  return {file: source.file, requests, failed, usage: withUsage === 0 ? undefined : usage, answers}
}

/** batchling writes a failed request as a line without a text answer. */
function batchlingAsResult(custom_id: string, answer: unknown): ResultLine {
  return typeof answer === 'string'
    ? ({custom_id, ok: true, text: answer} as ResultLine)
    : ({custom_id, ok: false} as ResultLine)
}
