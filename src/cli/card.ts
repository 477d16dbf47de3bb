/**
 * Plain-text cards: a title, aligned `label  value` rows, an optional footer. No colours or
 * cursor tricks, so `watch -n 2 bench get` and log files show the same thing as a terminal.
 */
export interface Card {
  title: string
  rows: [label: string, value: string | number | undefined][]
  footer?: string[]
}

export function renderCard(card: Card): string {
  const rows = card.rows.filter((row): row is [string, string | number] => row[1] !== undefined)
  const width = Math.max(0, ...rows.map(([label]) => label.length))
  // A multi-line value (several files) continues under its first line, not under the labels.
  const indent = ' '.repeat(width + 4)
  const lines = [
    card.title,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${String(value).replaceAll('\n', `\n${indent}`)}`),
  ]
  if (card.footer !== undefined && card.footer.length > 0) lines.push('', ...card.footer)
  return lines.join('\n')
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}
