/**
 * `1234567` -> `1,234,567`, as `toLocaleString('en')` writes a count, without its cost: the first
 * call loads ICU's locale data, 14 ms here, a tenth of a command's start.
 */
export function formatCount(count: number): string {
  const [whole = '', fraction] = String(Math.abs(count)).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',')
  return `${count < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`
}
