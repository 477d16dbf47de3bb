// Preloaded into benchmarked processes: prints the peak resident memory and the CPU time (user +
// system, all threads) at exit. CPU time is what a loaded machine's other work does not inflate.
//
// On Linux the peak is read from /proc/self/status (VmHWM, the high-water mark of this process's
// own memory since exec). getrusage's maxRSS is not used there: it also counts what the forked
// copy of the parent held before exec, so a child of a big benchmark process (one that hosts the
// emulator, say) would be charged with the parent's memory.
import {readFileSync} from 'node:fs'

function peakKb() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    if (match) return Number(match[1])
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS
}

process.on('exit', () => {
  const {user, system} = process.cpuUsage()
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${peakKb()}\nBENCH_CPU_US=${user + system}\n`)
})
