/** The fields a jury can be scored on; `both_correct` is derived, never asked of a judge. */
export const SCORE_FIELDS = ['both_correct', 'is_answer_correct', 'is_justification_correct'] as const

export type ScoreField = (typeof SCORE_FIELDS)[number]

/**
 * One judge's verdict on one riddle, packed in a byte so a million riddles per judge fit in a
 * megabyte: NO_LINE (the judge file has no line for it), NO_VERDICT (a failed request or a text
 * that is not a judgement), or VERDICT_BASE + answer bit + 2 * justification bit.
 */
export const NO_LINE = 0
export const NO_VERDICT = 1
const VERDICT_BASE = 2

export function hasVerdict(code: number): boolean {
  return code >= VERDICT_BASE
}

/** The field's boolean in a verdict code; only meaningful when hasVerdict(code). */
export function verdictValue(code: number, field: ScoreField): boolean {
  const bits = code - VERDICT_BASE
  const answer = (bits & 1) === 1
  const justification = (bits & 2) === 2
  if (field === 'is_answer_correct') return answer
  if (field === 'is_justification_correct') return justification
  return answer && justification
}

/** The code of a parsed judgement object, NO_VERDICT unless both booleans are there. */
export function verdictCode(value: unknown): number {
  if (typeof value !== 'object' || value === null) return NO_VERDICT
  const {is_answer_correct: answer, is_justification_correct: justification} = value as Record<string, unknown>
  if (typeof answer !== 'boolean' || typeof justification !== 'boolean') return NO_VERDICT
  return VERDICT_BASE + (answer ? 1 : 0) + (justification ? 2 : 0)
}

// Judges answer with a handful of distinct texts, so remembering them makes a million-line file
// cost one JSON parse per line (the line itself) instead of two. A short array scanned with ===
// beats a Map here: hashing each fresh text costs more than comparing it with a few known ones.
const knownTexts: string[] = []
const knownCodes: number[] = []
const KNOWN_TEXTS = 16
const KNOWN_TEXT_LENGTH = 256

/**
 * The verdict code of a judge's answer text. Lenient, because judges without strict structured
 * output wrap JSON in code fences or add prose: falls back to the outermost {...} in the text.
 */
export function judgementCode(text: string): number {
  for (let index = 0; index < knownTexts.length; index++) {
    if (knownTexts[index] === text) return knownCodes[index] as number
  }
  const code = parseJudgementText(text)
  if (text.length <= KNOWN_TEXT_LENGTH && knownTexts.length < KNOWN_TEXTS) {
    knownTexts.push(text)
    knownCodes.push(code)
  }
  return code
}

function parseJudgementText(text: string): number {
  const strict = tryParse(text)
  if (strict !== undefined) return verdictCode(strict)
  const start = text.indexOf('{')
  const end = text.lastIndexOf('}')
  return start === -1 || end <= start ? NO_VERDICT : verdictCode(tryParse(text.slice(start, end + 1)))
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
