import {Command, Errors} from '@oclif/core'

import {UserError} from '../core/errors.js'

/**
 * Every bench command: `--json` on, and every error a user can fix (ours, and oclif's own flag
 * errors) printed as exactly one line on stderr, unwrapped, with a non-zero exit code.
 */
export abstract class BenchCommand extends Command {
  static override enableJsonFlag = true

  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    const exitCode = error instanceof UserError ? error.exitCode : error.oclif?.exit
    if (exitCode === undefined || error instanceof Errors.ExitError) return super.catch(error as never)
    // oclif's parser errors span lines ("Missing required flag x\nSee more help with --help").
    const message = error.message
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join(' ')
    if (this.jsonEnabled()) this.logJson({error: {message, exit_code: exitCode}})
    else process.stderr.write(`Error: ${message}\n`)
    return this.exit(exitCode)
  }
}
