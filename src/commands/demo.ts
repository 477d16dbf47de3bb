import {Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {renderDemoStep} from '../cli/demo-steps.js'
import {runDemo, type DemoSummary} from '../core/demo.js'

export default class Demo extends BenchCommand {
  static override streamsFiles = true
  static override summary = 'Run the whole job offline, on the sample dataset, against the built-in emulator.'

  static override description = `Starts the vendor emulator inside this process and runs the main job in a fresh directory, printing each command and what it prints: prepare (OpenAI gpt-4.1 on the twelve sample riddles, one hint), start, get until done, results, jury --start (Gemini, Anthropic and Mistral judge), get until done, results of each judge, and score. No network and no API key needed; takes about ten seconds. The temporary directory is removed at the end; with --dir the directory is kept, so you can look at processed_files/ and results/, or re-run any command there against \`bench emulator\`.`

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --dir demo-run', '<%= config.bin %> <%= command.id %> --json']

  static override flags = {
    dir: Flags.string({description: 'Directory to run in and keep (created if missing; must be empty). Default: a temporary directory, removed at the end.'}),
    'batch-seconds': Flags.integer({description: 'How long each emulated batch takes.', default: 2, min: 0, max: 20}),
    seed: Flags.integer({description: 'Seed of the emulated answers and of the score resampling.', default: 0}),
  }

  async run(): Promise<DemoSummary> {
    const {flags} = await this.parse(Demo)
    const summary = await runDemo({
      dir: flags.dir,
      batchSeconds: flags['batch-seconds'],
      pollSeconds: 0.7,
      seed: flags.seed,
      onStep: (step) => this.log(renderDemoStep(step)),
    })
    const files = summary.dir === undefined ? 'Its temporary directory is removed: pass --dir DIR to keep its files.' : `Its files are in ${summary.dir}`
    this.log(`Demo finished in ${summary.seconds.toFixed(1)} s. ${files}`)
    return summary
  }
}
