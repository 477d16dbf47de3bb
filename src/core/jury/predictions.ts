import {parseLenientObject} from './lenient-json.js'
import {isWithheldCode, noWithheldIds, type WithheldCode, type WithheldIds} from './withheld.js'
import type {Prediction} from '../dataset/layton-prompt.js'
import {lineError} from '../errors.js'
import {readJsonl} from '../jsonl.js'
import type {ResultLine} from '../results/result.js'

/**
 * How a prediction was read. `as_returned`: the answer JSON, as asked. `repaired`: recovered from
 * prose, a code fence, single quotes, or fields of the wrong type or missing. `failed` (the request
 * failed) and `unreadable` (no answer JSON in the text) are judged with empty fields, so the jury
 * marks them wrong rather than the score silently losing them. `withheld`: refused, blocked or
 * truncated (withheld.ts): not sent to the judges, counted incorrect.
 */
export type PredictionReading = 'as_returned' | 'repaired' | 'failed' | 'unreadable' | 'withheld'

export type ReadPrediction =
  | {prediction: Prediction; reading: Exclude<PredictionReading, 'withheld'>}
  | {reading: 'withheld'; code: WithheldCode}

/** What the card and `--json` report about the predictions. */
export interface PredictionTally {
  total: number
  as_returned: number
  repaired: number
  failed: number
  unreadable: number
  /** Of `failed`, how many by result code (`rate_limit`, `missing`, ...): judged with empty fields. */
  failed_codes: Record<string, number>
  /** Refused, blocked or truncated: not sent to the judges, counted incorrect; custom_ids by kind, in file order. */
  withheld: WithheldIds
  /** custom_ids of the repaired predictions, in file order. */
  repaired_ids: string[]
  /** custom_ids of the predictions judged with empty fields (failed or unreadable), in file order. */
  empty_ids: string[]
  /** custom_ids of answers not sent to the judges (a judged benchmark's failed requests: nothing to classify). */
  not_judged?: string[]
}

const EMPTY: Prediction = {answer: '', justification: ''}

/** Reads `results/<name>.jsonl` (bench's normalized lines) into one prediction per custom_id. */
export async function readPredictions(file: string): Promise<{predictions: Map<string, ReadPrediction>; tally: PredictionTally}> {
  const predictions = new Map<string, ReadPrediction>()
  const tally: PredictionTally = {
    total: 0,
    as_returned: 0,
    repaired: 0,
    failed: 0,
    unreadable: 0,
    failed_codes: {},
    withheld: noWithheldIds(),
    repaired_ids: [],
    empty_ids: [],
  }
  for await (const {line, value} of readJsonl<Partial<ResultLine>>(file)) {
    if (typeof value !== 'object' || value === null || typeof value.custom_id !== 'string' || typeof value.ok !== 'boolean') {
      throw lineError(file, line, undefined, 'not a result line of `bench results`: expected {"custom_id", "ok", "text", ...}')
    }
    if (predictions.has(value.custom_id)) throw lineError(file, line, 'custom_id', `"${value.custom_id}" appears twice; a results file holds one line per request`)
    const read = readPrediction(value as ResultLine)
    predictions.set(value.custom_id, read)
    tally.total += 1
    if (read.reading === 'withheld') {
      tally.withheld[read.code].push(value.custom_id)
      continue
    }
    tally[read.reading] += 1
    if (read.reading === 'repaired') tally.repaired_ids.push(value.custom_id)
    if (read.reading === 'failed') {
      const code = value.error?.code ?? 'unknown'
      tally.failed_codes[code] = (tally.failed_codes[code] ?? 0) + 1
    }
    if (read.reading === 'failed' || read.reading === 'unreadable') tally.empty_ids.push(value.custom_id)
  }
  return {predictions, tally}
}

export function readPrediction(result: ResultLine): ReadPrediction {
  if (!result.ok) {
    const code = result.error?.code
    return isWithheldCode(code) ? {reading: 'withheld', code} : {prediction: EMPTY, reading: 'failed'}
  }
  const object =
    typeof result.text === 'string'
      ? parseLenientObject(result.text)
      : typeof result.parsed === 'object' && result.parsed !== null
        ? {value: result.parsed as Record<string, unknown>, repaired: false}
        : undefined
  if (object === undefined) return {prediction: EMPTY, reading: 'unreadable'}
  const answer = fieldText(object.value.answer)
  const justification = fieldText(object.value.justification)
  if (answer === undefined && justification === undefined) return {prediction: EMPTY, reading: 'unreadable'}
  const exact = typeof object.value.answer === 'string' && typeof object.value.justification === 'string'
  return {
    prediction: {answer: answer ?? '', justification: justification ?? ''},
    reading: exact && !object.repaired ? 'as_returned' : 'repaired',
  }
}

/** A field as text: models sometimes answer `"answer": 42`; objects and lists are not answers. */
function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}
