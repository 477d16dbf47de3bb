import {Command, Errors, ux} from '@oclif/core'

import {UserError} from '../core/errors.js'
import {handleInterruptions} from '../core/interruption.js'
import {removeLeftovers} from '../core/leftovers.js'

/**
 * Every bench command: `--json` on, and every error a user can fix (ours, and oclif's own flag
 * errors) printed as exactly one line on stderr, unwrapped, with a non-zero exit code.
 */
export abstract class BenchCommand extends Command {
  static override enableJsonFlag = true
  /** Commands that stream files of any size, run with the garbage collector tuned for it (see streamingHeap). */
  static streamsFiles = false
  /** Whether the command first removes what a killed bench left behind (core/leftovers.ts); not `get`, which starts every 2 s. */
  static cleansLeftovers = true

  override async init(): Promise<void> {
    await super.init()
    const command = this.constructor as typeof BenchCommand
    handleInterruptions([...(this.id === undefined ? [] : this.id.split(':')), ...this.argv])
    // Silently, as a lock of a process that is gone is taken over: they are bench's own files, of no use to anyone.
    if (command.cleansLeftovers) await removeLeftovers()
    if (command.streamsFiles) await streamingHeap()
  }

  /**
   * oclif colours `--json` output with a regular-expression tokenizer, 0.2 to 0.4 s for the 1 MB of
   * `arena ratings` on 100 models. Without a theme nothing gets a colour, and JSON.stringify prints
   * the very same text.
   */
  override logJson(json: unknown): void {
    if (this.config.theme?.json !== undefined) return super.logJson(json)
    ux.stdout(JSON.stringify(json, undefined, 2))
  }

  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    const exitCode = error instanceof UserError ? error.exitCode : error.oclif?.exit
    if (exitCode === undefined || error instanceof Errors.ExitError) return super.catch(error)
    // oclif's parser errors span lines ("Missing required flag x\nSee more help with --help").
    const message = error.message
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join(' ')
    const details = error instanceof UserError ? error.details : undefined
    if (this.jsonEnabled()) this.logJson({error: {message, exit_code: exitCode, ...details}})
    else process.stderr.write(`Error: ${message}\n`)
    return this.exit(exitCode)
  }
}

/**
 * V8 allocates straight into the old generation from code whose objects often outlived a young
 * collection. bench streams: a line's objects die as soon as the line is written, but whichever
 * block was in flight at a collection survived it, and on about one run in three of `results` on
 * 200,000 lines that guess sent every later line's objects to the old generation: peak memory
 * went from 210 to 350 MB. The flag is read at each collection, so setting it at run time takes
 * effect. Not for every command: loading node:v8 costs 3 ms of `bench get`'s start.
 */
async function streamingHeap(): Promise<void> {
  const v8 = await import('node:v8')
  v8.setFlagsFromString('--no-allocation-site-pretenuring')
}
