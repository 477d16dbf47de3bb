import {rmSync} from 'node:fs'

/**
 * Ctrl-C and SIGTERM, for every command. Node's default is to die on the spot, leaving a lock
 * (`processed_files/NAME.run.lock`) and temporary files (`results/NAME.jsonl.<pid>.<n>.tmp`)
 * behind, and saying nothing. Instead: the locks and temporary files this process holds are
 * removed, one line says what was done and the exact command that continues, and the exit code
 * is the shell's for the signal (130, 143).
 *
 * A command that stops by itself (the endpoint worker, the emulator) takes the first signal
 * (`onInterrupt`); a remote call whose outcome must be recorded (a batch being created) holds the
 * signal until it is (`uninterrupted`). A second signal always stops at once.
 */

/** What the command has done when interrupted, and how to go on. */
export interface InterruptNote {
  /** Read at the moment of the interruption (may read the batch record, synchronously). */
  done(): string
  /** The command that continues, e.g. `bench run --resume NAME`. */
  next(): string
}

const held = new Set<string>()
let command = 'the same command'
let note: InterruptNote = {done: () => 'stopped before the end', next: () => command}
let gentle: (() => void) | undefined
let critical = 0
let pending: NodeJS.Signals | undefined
let signals = 0

/** A lock or a temporary file of this process: removed if it is interrupted. */
export function holdPath(path: string): void {
  held.add(path)
}

/** The path was moved into place or removed: nothing to clean up any more. */
export function releasePath(path: string): void {
  held.delete(path)
}

/** What the interruption line says; the last call wins, and what it leaves out stays the command's default. */
export function noteProgress(progress: Partial<InterruptNote>): void {
  note = {...note, ...progress}
}

/** The command stops itself on the first signal (answers so far kept); the returned function gives the signal back. */
export function onInterrupt(stop: () => void): () => void {
  gentle = stop
  return () => {
    if (gentle === stop) gentle = undefined
  }
}

/** Runs `work` with signals held until it settles, so what it created is recorded before the command stops. */
export async function uninterrupted<T>(work: () => Promise<T>): Promise<T> {
  critical += 1
  try {
    return await work()
  } finally {
    critical -= 1
    if (critical === 0 && pending !== undefined) stopNow(pending)
  }
}

/** The command as it was typed, quoted for the shell: what continues most commands. */
export function commandLine(): string {
  return command
}

let installed = false

/**
 * Before each command runs: the handlers are installed once per process, and what an earlier
 * command of the same process noted (tests run several in one) is forgotten.
 */
export function handleInterruptions(argv: readonly string[]): void {
  command = `bench ${argv.map(quoted).join(' ')}`
  note = {done: () => 'stopped before the end', next: () => command}
  gentle = undefined
  pending = undefined
  signals = 0
  if (installed) return
  installed = true
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => interrupted(signal))
}

function interrupted(signal: NodeJS.Signals): void {
  signals += 1
  if (signals === 1 && gentle !== undefined) {
    gentle()
    return
  }
  if (signals === 1 && critical > 0) {
    pending = signal
    process.stderr.write('Stopping once the call in flight is recorded (Ctrl-C again to stop now)...\n')
    return
  }
  stopNow(signal)
}

function stopNow(signal: NodeJS.Signals): never {
  for (const path of held) rmSync(path, {force: true})
  let done = 'stopped before the end'
  try {
    done = note.done()
  } catch {
    // A record half-written is no reason to leave without the line.
  }
  const next = note.next()
  process.stderr.write(`Interrupted: ${done}. Continue with: ${next}\n`)
  process.exit(signal === 'SIGINT' ? 130 : 143)
}

/** A word as a POSIX shell reads it back. */
function quoted(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`
}
