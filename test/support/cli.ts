import {spawn} from 'node:child_process'
import {mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')
export const BIN = join(REPO_ROOT, 'bin/run.js')
/**
 * Set by `npm run coverage` (test/support/coverage/) to where a child process writes its V8
 * coverage: runBench sets NODE_V8_COVERAGE to it for the child only, the test workers write none.
 */
export const CHILD_COVERAGE_VARIABLE = 'CHILD_V8_COVERAGE'

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Variables from the developer's shell that would point the SDKs elsewhere or leak real keys. */
const SCRUBBED = /^(OPENAI|ANTHROPIC|GEMINI|GOOGLE|MISTRAL|TOGETHER|GROQ|HF|BENCH)_/

/** Where bench looks for the user's own configuration (allowed hosts): nowhere, unless a test says. */
export const NO_USER_CONFIG = join(tmpdir(), 'bench-tests-no-user-config')

/**
 * Runs `bench` as a child process, exactly as a user would, in `cwd` (a scratch directory
 * holding processed_files/ and results/), with only the given variables on top of a clean
 * environment.
 */
export function runBench(args: string[], options: {cwd: string; env?: Record<string, string>}): Promise<CliResult> {
  return run(process.execPath, [BIN, ...args], options)
}

/**
 * Runs `bench` as `runBench` does, but on a terminal: `script` gives it a pseudo-terminal, whose
 * output (stdout and stderr together, lines ending in CRLF) comes back as `stdout`.
 */
export function runBenchInTerminal(args: string[], options: {cwd: string; env?: Record<string, string>}): Promise<CliResult> {
  const command = [process.execPath, BIN, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ')
  return run('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], options)
}

function run(file: string, args: string[], options: {cwd: string; env?: Record<string, string>}): Promise<CliResult> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !SCRUBBED.test(key)))
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: {...base, NO_COLOR: '1', XDG_CONFIG_HOME: NO_USER_CONFIG, ...childCoverage(), ...options.env},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code, signal) => resolvePromise({code, signal, stdout, stderr}))
  })
}

/** Under `npm run coverage`, where the child writes its V8 coverage (test/support/coverage/). */
function childCoverage(): Record<string, string> {
  const directory = process.env[CHILD_COVERAGE_VARIABLE]
  return directory === undefined ? {} : {NODE_V8_COVERAGE: directory}
}

/** A fresh working directory for one test. */
export function scratchDir(prefix = 'bench-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}
