/**
 * Repeats: a judge asked N times about the same prediction, in one batch. Repeat 1 keeps the
 * item's own id, so a jury run without repeats is repeat 1 of a later one and re-running with a
 * higher N sends only the repeats still missing. Repeat k > 1 is `<id>__r<k>`: letters, digits,
 * `_` and `-` only, which every vendor's custom_id accepts (Anthropic's is the strictest).
 */
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

/** A judge's first batch is `base`; one asking later repeats only is `<base>_r<from>-<to>`. */
export function repeatBatchName(base: string, repeats: RepeatRange): string {
  return repeats.from === 1 ? base : `${base}_r${repeats.from}-${repeats.to}`
}

/** Every item asked `repeats.from` to `repeats.to` times, repeat after repeat, under its repeat's id. */
export function* repeatedRequests<Item, Request>(items: readonly Item[], ids: readonly string[], repeats: RepeatRange, build: (item: Item, customId: string) => Request): Generator<Request> {
  for (let repeat = repeats.from; repeat <= repeats.to; repeat++) {
    for (const [index, item] of items.entries()) yield build(item, repeatId(ids[index]!, repeat))
  }
}

/**
 * How the verdict of a judge on an item is made from its repeats. `majority`: the value most
 * repeats gave, ties going to the value the earliest repeat gave; with one repeat, that repeat.
 */
export const REPEAT_RULE = 'majority' as const

export const REPEAT_RULE_TEXT = 'the majority of the repeats (a tie goes to the earliest repeat among the tied values)'

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
