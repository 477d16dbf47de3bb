// Shared helpers for the benchmarks: run a command as a child process and report its wall
// time and peak memory (the child's own maxRSS, printed at exit by ./report-rss.js).
import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const reportRss = fileURLToPath(new URL('./report-rss.js', import.meta.url))

/** Runs `node <args>` and resolves {seconds, cpuSeconds, peakMb, stdout}; rejects on a non-zero exit. */
export function runNode(args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, ['--import', reportRss, ...args], {
      cwd: options.cwd,
      env: {...process.env, ...options.env},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      const match = /BENCH_MAX_RSS_KB=(\d+)/.exec(stderr)
      if (code !== 0) {
        const reason = stderr.split('\n').find((line) => /Error/.test(line)) ?? stderr.trim()
        return reject(new Error(`node ${args.join(' ')} exited ${code}: ${reason}`))
      }
      const cpu = /BENCH_CPU_US=(\d+)/.exec(stderr)
      resolve({seconds, cpuSeconds: cpu ? Number(cpu[1]) / 1e6 : NaN, peakMb: match ? Number(match[1]) / 1024 : NaN, stdout})
    })
  })
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * Runs each measure once per round, round after round, so a burst of load elsewhere on the machine
 * slows them all alike instead of skewing whichever was being timed then. Returns, for each, the
 * run with the median wall time, with the highest peak memory of its runs.
 */
export async function interleavedRuns(rounds, measures) {
  const runs = measures.map(() => [])
  for (let round = 0; round < rounds; round++) {
    for (const [index, measure] of measures.entries()) runs[index].push(await measure())
  }
  return runs.map(medianOf)
}

/** Runs `measure` `times` times and returns the run with the median wall time. */
export async function medianRun(times, measure) {
  return (await interleavedRuns(times, [measure]))[0]
}

function medianOf(runs) {
  const seconds = median(runs.map((run) => run.seconds))
  return {...(runs.find((run) => run.seconds === seconds) ?? runs[0]), seconds, peakMb: Math.max(...runs.map((run) => run.peakMb))}
}

/**
 * The baseline of the benchmarks that read JSONL (results, score): a process that reads the files
 * line by line and JSON-parses each line, the plain Node way, and does nothing else.
 */
const READ_AND_PARSE = `
import {createReadStream} from 'node:fs'
import {createInterface} from 'node:readline'
let lines = 0
for (const file of process.argv.slice(1)) {
  for await (const line of createInterface({input: createReadStream(file)})) if (line) { JSON.parse(line); lines += 1 }
}
console.log(lines)
`

/** Runs the read-and-parse baseline on `files` in a new process. */
export function readAndParseFiles(files) {
  return runNode(['--input-type=module', '-e', READ_AND_PARSE, ...files])
}
