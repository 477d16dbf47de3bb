
/**
 * Crash and pause points for tests. With `BENCH_CRASH_AT=<point>` set, the process kills itself
 * (SIGKILL, nothing flushed, no handlers run) when it reaches that point, exactly as a power cut
 * would. With `BENCH_PAUSE_AT=<point>`, it says `bench paused at <point>` on stderr and waits
 * there, so a test can send it Ctrl-C or SIGTERM at a known place. Costs two environment lookups
 * in production.
 */
export async function checkpoint(point: string): Promise<void> {
  if (process.env.BENCH_CRASH_AT === point) process.kill(process.pid, 'SIGKILL')
  if (process.env.BENCH_PAUSE_AT !== point) return
  process.stderr.write(`bench paused at ${point}\n`)
  // An interval keeps the process alive while it waits for the signal; nothing resolves this.
  await new Promise<never>(() => setInterval(() => {}, 60_000))
}
