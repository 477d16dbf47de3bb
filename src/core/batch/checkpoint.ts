/**
 * Crash points for tests. With `BENCH_CRASH_AT=<point>` set, the process kills itself (SIGKILL,
 * nothing flushed, no handlers run) when it reaches that point, exactly as a power cut would.
 * Costs one environment lookup in production.
 */
export function checkpoint(point: string): void {
  if (process.env.BENCH_CRASH_AT === point) process.kill(process.pid, 'SIGKILL')
}
