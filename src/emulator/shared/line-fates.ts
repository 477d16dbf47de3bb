import {stackShare} from './draws.js'
import {picksByName, type AnswerFateKind, type LineErrorFault, type LineFault} from './faults.js'

/**
 * What a line fault made of one line, decided when its batch is created. `variant` (0 to 1) is a
 * second draw a vendor uses to pick among its own ways of writing the fate (Gemini's five
 * safety finish reasons, Anthropic's two truncation stops, Mistral's bare-string errors, ...).
 */
export type LineFate =
  | {kind: AnswerFateKind; variant: number}
  | {kind: 'line-error'; fault: LineErrorFault; variant: number}
  | {kind: 'malformed'; variant: number}

/** One line of a batch being created, with its two draws in [0, 1). */
export interface DrawnLine {
  customId: string
  /** Decides whether a `rate` or `count` fault picks the line. */
  pick: number
  /** Picks the vendor's variant of the fate. */
  variant: number
}

/**
 * The fate of each line, in order; undefined for a normal answer. A line gets at most one fate:
 * first the faults that name lines (`customIds`, `every`), in the order given; then the `rate`
 * faults, whose shares stack in order on the line's `pick` draw, so `refusal:0.2,safety:0.1`
 * refuses the lines drawn in [0, 0.2) and blocks those in [0.2, 0.3); then the `count` faults,
 * which take the lines still free with the lowest draws and spend their count as they do.
 */
export function assignFates(lines: readonly DrawnLine[], faults: readonly LineFault[]): (LineFate | undefined)[] {
  const fates: (LineFate | undefined)[] = lines.map((line, index) => {
    const named = faults.find((fault) => picksByName(fault, line.customId, index + 1))
    if (named !== undefined) return fateOf(named, line.variant)
    let floor = 0
    for (const fault of faults) {
      if (fault.rate === undefined) continue
      const ceiling = stackShare(floor, fault.rate)
      if (line.pick >= floor && line.pick < ceiling) return fateOf(fault, line.variant)
      floor = ceiling
    }
    return undefined
  })
  const free = lines.map((line, index) => ({line, index})).filter(({index}) => fates[index] === undefined)
  free.sort((left, right) => left.line.pick - right.line.pick)
  for (const fault of faults) {
    while (fault.count !== undefined && fault.count > 0 && free.length > 0) {
      const {line, index} = free.shift()!
      fates[index] = fateOf(fault, line.variant)
      fault.count -= 1
    }
  }
  return fates
}

function fateOf(fault: LineFault, variant: number): LineFate {
  switch (fault.kind) {
    case 'line-error':
      return {kind: 'line-error', fault, variant}
    case 'malformed-output':
      return {kind: 'malformed', variant}
    default:
      return {kind: fault.kind, variant}
  }
}

/** A vendor's pick among its variants of a fate, by the line's `variant` draw. */
export function pickVariant<T>(variants: readonly T[], variant: number): T {
  return variants[Math.min(variants.length - 1, Math.floor(variant * variants.length))]!
}

/** What a model that meets this fate shows: the refusal, else the part of the answer written before the stop. */
export function answerText(kind: AnswerFateKind, answer: string): string {
  if (kind === 'refusal') return REFUSAL
  return answer.slice(0, Math.max(1, Math.floor(answer.length / 2)))
}

/** The refusal every emulated model gives, worded as the vendors' models word theirs. */
export const REFUSAL = "I'm sorry, but I can't help with that request."

