import {Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {UserError} from '../core/errors.js'
import {onInterrupt} from '../core/interruption.js'

export default class EmulatorCommand extends BenchCommand {
  static override summary = "Serve the six vendors' Batch APIs on loopback, for offline runs, demos and CI."

  static override description = [
    'Starts OpenAI, Anthropic, Gemini, Mistral, Together and Groq emulators on consecutive ports from --port,',
    'prints the `export` lines that point the official SDKs and bench at them, and runs until Ctrl-C.',
    'Any API key is accepted except `bad-key`. Batches finish over --batch-seconds; answers are deterministic for --seed.',
  ].join(' ')

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    'eval "$(<%= config.bin %> <%= command.id %> | head -n 20)"  # in another shell: paste the printed lines',
    '<%= config.bin %> <%= command.id %> --port 5000 --batch-seconds 0 --seed 42',
    '<%= config.bin %> <%= command.id %> --json',
  ]

  static override flags = {
    port: Flags.integer({description: 'First port; the vendors take six consecutive ports (0: any free ports).', default: 4010, min: 0, max: 65530}),
    'batch-seconds': Flags.integer({description: 'Seconds a batch takes from create to completed (0: done at the first status check).', default: 20, min: 0}),
    seed: Flags.integer({description: 'Seed of the emulated answers and ids.', default: 0}),
  }

  /**
   * Runs until SIGINT/SIGTERM. Returns nothing: with --json the variables are printed as one
   * line at start-up, and oclif would otherwise print them a second time at exit.
   */
  async run(): Promise<void> {
    const {flags} = await this.parse(EmulatorCommand)
    const {startEmulator} = await import('../emulator/index.js')
    const {exportLines} = await import('../emulator/exports.js')
    const emulator = await startEmulator({basePort: flags.port, batchSeconds: flags['batch-seconds'], seed: flags.seed}).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error
      throw new UserError(`Port ${flags.port}–${flags.port + 5} is not free; pick another first port with --port (or --port 0 for any free ports).`)
    })
    const env = emulator.env()
    if (this.jsonEnabled()) process.stdout.write(JSON.stringify(env) + '\n')
    else {
      this.log(exportLines(env, process.env).join('\n'))
      this.logToStderr(`Emulator running (batches take ${flags['batch-seconds']} s); Ctrl-C to stop.`)
    }
    await new Promise<void>((resolve) => onInterrupt(resolve))
    await emulator.close()
  }
}
