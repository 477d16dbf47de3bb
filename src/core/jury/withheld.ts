import {RESULT_CODE_INFO, isResultCode, type ResultCode} from '../results/result-codes.js'

/**
 * Answer fates the judges never see: the vendor refused to answer, blocked the answer (safety,
 * recitation) or cut it at the token limit. Judging them would pay three judges to call a blank
 * or half an answer wrong, or, worse, to call half an answer right: they count as incorrect in
 * the score, by kind. These are the `withheld` codes of results/result-codes.ts, as a tuple so
 * that tallies are typed by kind (a test holds the two lists equal).
 */
export const WITHHELD_CODES = ['refusal', 'safety', 'recitation', 'truncated'] as const satisfies readonly ResultCode[]

export type WithheldCode = (typeof WITHHELD_CODES)[number]

/** How many predictions of each kind were withheld from the judges. */
export type WithheldCounts = Record<WithheldCode, number>

/** The ids of the withheld predictions, by kind, as the judge batch's record keeps them. */
export type WithheldIds = Record<WithheldCode, string[]>

export function isWithheldCode(code: string | undefined): code is WithheldCode {
  return isResultCode(code) && RESULT_CODE_INFO[code].withheld
}

export function noWithheld(): WithheldCounts {
  return {refusal: 0, safety: 0, recitation: 0, truncated: 0}
}

export function noWithheldIds(): WithheldIds {
  return {refusal: [], safety: [], recitation: [], truncated: []}
}

export function countWithheld(ids: WithheldIds): WithheldCounts {
  return {refusal: ids.refusal.length, safety: ids.safety.length, recitation: ids.recitation.length, truncated: ids.truncated.length}
}

export function totalWithheld(counts: WithheldCounts): number {
  return counts.refusal + counts.safety + counts.recitation + counts.truncated
}

/** `2 refusal · 1 truncated`, the kinds that occur; undefined when none does. */
export function describeWithheld(counts: WithheldCounts): string | undefined {
  const parts = WITHHELD_CODES.filter((code) => counts[code] > 0).map((code) => `${counts[code]} ${code}`)
  return parts.length === 0 ? undefined : parts.join(' · ')
}
