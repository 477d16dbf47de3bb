/**
 * A number written the many ways a grade-school answer is written, in one canonical form, so that
 * `1,000`, `1000.00`, `$1000` and `1000 dollars` compare equal and `-3` stays negative. Only the
 * answer field of a structured reply is read (never free text); what is not one number is
 * undefined, and counts as unparseable.
 *
 * Canonical form: an optional `-`, the integer part without leading zeros, and a fraction without
 * trailing zeros (`-0` is `0`). Exact: decimal strings are compared, never floats.
 */
export function canonicalNumber(written: string): string | undefined {
  let text = written.trim().replace(/[\u2212\u2013]/g, '-')
  // A trailing unit or word: "18 dollars", "5 hours", "20%".
  text = text.replace(/\s*(%|[A-Za-z][A-Za-z .]*)$/, '')
  const match = /^([-+]?)\s*[$€£]?\s*([-+]?)((?:\d{1,3}(?:,\d{3})+|\d+)?)(?:\.(\d+))?$/.exec(text)
  if (match === null) return undefined
  const [, outerSign = '', innerSign = '', whole = '', fraction = ''] = match
  if (whole === '' && fraction === '') return undefined
  if (outerSign !== '' && innerSign !== '') return undefined
  const integer = whole.replaceAll(',', '').replace(/^0+(?=\d)/, '') || '0'
  const decimals = fraction.replace(/0+$/, '')
  const magnitude = decimals === '' ? integer : `${integer}.${decimals}`
  const negative = (outerSign || innerSign) === '-' && magnitude !== '0'
  return negative ? `-${magnitude}` : magnitude
}

/** GSM8K's reference answer: the number after `####` on the solution's last line. */
export function gsm8kFinalAnswer(solution: string): string | undefined {
  const at = solution.lastIndexOf('####')
  return at === -1 ? undefined : canonicalNumber(solution.slice(at + 4))
}
