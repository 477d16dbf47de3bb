import {formatDuration, stateLabel, toStatusCard} from './status-card.js'
import type {BatchView} from '../core/batch/batch-status.js'

/**
 * `bench run`'s live view of the batches in flight, one line each (state, counts, elapsed,
 * expires in). On a terminal the lines are redrawn in place; in a log, a line is written only
 * when its batch's state or counts change, so a day-long run does not fill the file.
 */
export class RunDisplay {
  private readonly lines = new Map<string, string>()
  private drawn = 0

  constructor(private readonly stream: NodeJS.WriteStream) {}

  poll(views: readonly BatchView[]): void {
    const changed: string[] = []
    for (const view of views) {
      const line = batchLine(view)
      if (stripTimes(this.lines.get(view.manifest.name)) !== stripTimes(line)) changed.push(line)
      this.lines.set(view.manifest.name, line)
    }
    if (this.stream.isTTY) this.redraw()
    else for (const line of changed) this.stream.write(`${line}\n`)
  }

  /** A step of the run, written above the live lines. */
  event(text: string): void {
    this.clear()
    this.stream.write(`${text}\n`)
    if (this.stream.isTTY) this.redraw()
  }

  /** Leaves the last lines on screen and starts a new block for the next batches. */
  finish(): void {
    this.drawn = 0
    this.lines.clear()
  }

  private redraw(): void {
    this.clear()
    const lines = [...this.lines.values()]
    this.stream.write(lines.map((line) => `${line}\n`).join(''))
    this.drawn = lines.length
  }

  private clear(): void {
    if (!this.stream.isTTY || this.drawn === 0) return
    this.stream.write(`\u001B[${this.drawn}A\u001B[0J`)
    this.drawn = 0
  }
}

export function batchLine(view: BatchView, now = Date.now()): string {
  const card = toStatusCard(view, now)
  // Some vendors count nothing (a total of 0) while validating: the record knows the size.
  const counts =
    card.counts == null
      ? `${card.percent ?? 0}% of ${card.requests}`
      : `${card.counts.succeeded}/${card.counts.total || card.requests} succeeded · ${card.counts.failed} failed`
  const parts = [`${card.name}  ${stateLabel(card.state, card.provider_status)}`, counts]
  if (card.elapsed_seconds !== undefined) parts.push(`elapsed ${formatDuration(card.elapsed_seconds)}`)
  if (card.expires_in_seconds !== undefined) parts.push(`expires in ${formatDuration(card.expires_in_seconds)}`)
  return parts.join(' · ')
}

/** The line without its clock fields: what counts as a change worth a new line in a log. */
function stripTimes(line: string | undefined): string | undefined {
  return line?.replace(/ · (elapsed|expires in) [^·]*/g, '')
}
