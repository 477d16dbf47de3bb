import {roundToTenth} from './interval.js'
import {NO_LINE, NO_VERDICT, hasVerdict, verdictCode, verdictValue, type ScoreField} from './judgement.js'
import {repeatConsistency, ruledVerdict, type RepeatConsistency} from '../jury/repeat-consistency.js'

/**
 * A judge asked several times about each riddle (`bench jury --repeats`): `repeats[k][riddle]` is
 * the verdict code of repeat k + 1. The judge's own verdict follows the rubric jury's rule
 * (repeats.ts REPEAT_RULE, the majority, a tie to the earliest repeat), field by field: the
 * answer bit and the justification bit are each their repeats' majority, and both_correct is
 * derived from them as from any verdict. A riddle no repeat gave a verdict on has NO_VERDICT when
 * some repeat has a line for it, NO_LINE when none has.
 */
export function ruledCodes(repeats: readonly Uint8Array[], riddles: number): Uint8Array<ArrayBuffer> {
  const ruled = new Uint8Array(riddles)
  const answers: (number | undefined)[] = Array.from({length: repeats.length})
  const justifications: (number | undefined)[] = Array.from({length: repeats.length})
  for (let riddle = 0; riddle < riddles; riddle++) {
    let lines = 0
    let verdicts = 0
    repeats.forEach((codes, repeat) => {
      const code = codes[riddle] ?? NO_LINE
      if (code !== NO_LINE) lines += 1
      const judged = hasVerdict(code)
      if (judged) verdicts += 1
      answers[repeat] = judged ? Number(verdictValue(code, 'is_answer_correct')) : undefined
      justifications[repeat] = judged ? Number(verdictValue(code, 'is_justification_correct')) : undefined
    })
    ruled[riddle] =
      verdicts > 0
        ? verdictCode({is_answer_correct: ruledVerdict(answers) === 1, is_justification_correct: ruledVerdict(justifications) === 1})
        : lines > 0
          ? NO_VERDICT
          : NO_LINE
  }
  return ruled
}

/**
 * How far one judge agrees with itself on `field`: over its repeats' verdicts on each riddle, with
 * the score each repeat alone gives (per_repeat_mean, in points like the judges' own scores).
 */
export function judgeRepeatConsistency(repeats: readonly Uint8Array[], riddles: number, field: ScoreField): RepeatConsistency {
  const verdicts: (number | undefined)[][] = []
  for (let riddle = 0; riddle < riddles; riddle++) {
    const values = repeats.map((codes) => {
      const code = codes[riddle] ?? NO_LINE
      return hasVerdict(code) ? Number(verdictValue(code, field)) : undefined
    })
    if (values.some((value) => value !== undefined)) verdicts.push(values)
  }
  const consistency = repeatConsistency(verdicts, repeats.length)
  return {...consistency, per_repeat_mean: consistency.per_repeat_mean.map((mean) => (mean === null ? null : roundToTenth(100 * mean)))}
}
