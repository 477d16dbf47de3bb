import {formatDuration, formatRate, progressBar} from './status-card.js'

/** `results` reports after each chunk of its download, thousands of times a second: a terminal needs 10. */
const REDRAW_MS = 100

/**
 * One line redrawn in place on a terminal (`start --wait`, `results`): bar, counts, rate since the
 * line was made, time left at that rate. Writes nothing elsewhere, so a log gets only the final card.
 */
export class ProgressLine {
  private readonly startedAt = Date.now()
  private first: number | undefined
  private drawn = false
  private drawnAt = 0

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(done: number, total: number): void {
    if (!this.stream.isTTY) return
    this.first ??= done
    const now = Date.now()
    if (this.drawn && done < total && now - this.drawnAt < REDRAW_MS) return
    const seconds = (now - this.startedAt) / 1000
    const rate = seconds > 0 ? (done - this.first) / seconds : 0
    const percent = total === 0 ? 100 : Math.floor((100 * done) / total)
    const eta = rate > 0 ? ` · ETA ${formatDuration(Math.round((total - done) / rate))}` : ''
    this.stream.write(`\r\u001B[K${progressBar(percent)} ${percent}% · ${done}/${total} · ${formatRate(rate)}/s${eta}`)
    this.drawn = true
    this.drawnAt = now
  }

  finish(): void {
    if (this.drawn) this.stream.write('\r\u001B[K')
  }
}
