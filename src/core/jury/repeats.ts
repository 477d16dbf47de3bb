/**
 * Repeats: a judge asked N times about the same prediction, in one batch. Repeat 1 keeps the
 * item's own id, so a jury run without repeats is repeat 1 of a later one and re-running with a
 * higher N sends only the repeats still missing. Repeat k > 1 is `<id>__r<k>`: letters, digits,
 * `_` and `-` only, which every vendor's custom_id accepts (Anthropic's is the strictest).
 */
import type {BatchManifest} from '../batch/manifest.js'
import {UserError} from '../errors.js'

const REPEAT_SUFFIX = /^(.+)__r([0-9]+)$/

/** At most this many repeats: beyond it the agreement figures no longer move, the bill does. */
export const MAX_REPEATS = 20

export function repeatId(id: string, repeat: number): string {
  return repeat === 1 ? id : `${id}__r${repeat}`
}

/** The item and repeat of a custom_id; ids without the suffix are repeat 1. */
export function parseRepeatId(customId: string): {id: string; repeat: number} {
  const match = REPEAT_SUFFIX.exec(customId)
  if (match === null) return {id: customId, repeat: 1}
  const repeat = Number(match[2])
  return repeat >= 2 ? {id: match[1]!, repeat} : {id: customId, repeat: 1}
}

/** The repeats a batch holds: `from` to `to`, both included. */
export interface RepeatRange {
  from: number
  to: number
}

/**
 * The repeats still to ask when batches holding `have` exist and `wanted` are wanted; undefined
 * when none is missing. Repeats are asked in order, so what exists is 1 to the highest `to`.
 */
export function missingRepeats(have: readonly RepeatRange[], wanted: number): RepeatRange | undefined {
  const highest = Math.max(0, ...have.map((range) => range.to))
  return highest >= wanted ? undefined : {from: highest + 1, to: wanted}
}

/** `3`, or `1-3`: as cards print a batch's repeats. */
export function repeatRangeText(repeats: RepeatRange): string {
  return repeats.from === repeats.to ? String(repeats.from) : `${repeats.from}-${repeats.to}`
}

/** A judge's first batch is `base`; one asking later repeats only is `<base>_r<from>-<to>`. */
export function repeatBatchName(base: string, repeats: RepeatRange): string {
  return repeats.from === 1 ? base : `${base}_r${repeats.from}-${repeats.to}`
}

/**
 * The requests `ask()` makes, asked `repeats.from` to `repeats.to` times, repeat after repeat, each
 * under its repeat's id. `ask` is called once per repeat, so a stream (riddles read from disk) is
 * read again rather than held. With repeats, an item whose own id already reads as a repeat's
 * (`x__r2`) is refused: its verdicts could not be told from another item's.
 */
export async function* repeatedRequests<Request extends {custom_id: string}>(
  repeats: RepeatRange,
  ask: () => AsyncIterable<Request> | Iterable<Request>,
): AsyncGenerator<Request> {
  for (let repeat = repeats.from; repeat <= repeats.to; repeat++) {
    for await (const request of ask()) {
      if (repeats.to > 1 && parseRepeatId(request.custom_id).repeat !== 1) {
        throw new UserError(`id "${request.custom_id}" ends like a repeat's id (<id>__r<k>): rename it in the results file and the dataset, or judge without --repeats`)
      }
      yield {...request, custom_id: repeatId(request.custom_id, repeat)}
    }
  }
}

/** The repeats a judge batch holds: its record says so when not just the first. */
export function repeatsOf(manifest: Pick<BatchManifest, 'grading' | 'judge_of'>): RepeatRange {
  return manifest.grading?.repeats ?? manifest.judge_of?.repeats ?? {from: 1, to: 1}
}

/**
 * How the verdict of a judge on an item is made from its repeats. `majority`: the value most
 * repeats gave, ties going to the value the earliest repeat gave; with one repeat, that repeat.
 */
export const REPEAT_RULE = 'majority' as const

export const REPEAT_RULE_TEXT = 'the majority of the repeats (a tie goes to the earliest repeat among the tied values)'

/** The rule on Layton verdicts, whose two fields are asked and `both_correct` derived (score/judgement.ts). */
export const LAYTON_REPEAT_RULE_TEXT = `${REPEAT_RULE_TEXT}, field by field (is_answer_correct, is_justification_correct); both_correct is both of those`

/** The majority value of an item's repeats (undefined entries are repeats without a verdict). */
export function majorityOf<T>(values: readonly (T | undefined)[]): T | undefined {
  const counts = new Map<T, number>()
  for (const value of values) if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1)
  let best: T | undefined
  let bestCount = 0
  // Map keeps first-insertion order: a later value wins only with strictly more repeats.
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value
      bestCount = count
    }
  }
  return best
}
