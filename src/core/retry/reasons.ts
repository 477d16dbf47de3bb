import {UserError} from '../errors.js'
import {RESULT_CODES, RESULT_CODE_INFO, isResultCode, type ResultCode} from '../results/result-codes.js'

/** The fates `bench run` resubmits by itself: those a new attempt of the same request may well fix. */
export const TRANSIENT_CODES: readonly ResultCode[] = RESULT_CODES.filter((code) => RESULT_CODE_INFO[code].resubmission === 'transient')

/** Reads `--only truncated,expired`: a word that is not a result code is a one-line error naming them. */
export function parseOnlyCodes(text: string): ResultCode[] {
  const words = text
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word !== '')
  const unknown = words.find((word) => !isResultCode(word))
  if (unknown !== undefined || words.length === 0) {
    throw new UserError(`--only takes a comma-separated list of ${RESULT_CODES.join(', ')}${unknown === undefined ? '' : `, not "${unknown}"`}`)
  }
  return words as ResultCode[]
}
