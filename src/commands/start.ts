import {Args} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {renderStartCard, toStartCard, type StartCard} from '../cli/start-card.js'
import {startBatch} from '../core/start.js'

/** The card moved to src/cli/start-card.ts (`bench demo` prints it too); still importable from here. */
export type {StartCard} from '../cli/start-card.js'

export default class Start extends BenchCommand {
  static override summary = 'Upload a prepared batch and submit it to its vendor.'

  static override description = `Uploads the batch file(s) and creates the vendor batch(es), recording every remote id in the batch record before moving on. Safe to re-run after a crash or Ctrl-C: an upload already recorded is not repeated, and a batch already created is found again instead of being created twice. Starting a batch that was already submitted says so and exits 0.`

  static override examples = ['<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_vlm_hints_2']

  static override args = {
    name: Args.string({description: 'Batch name, as printed by `bench prepare` (see `bench list`).', required: true}),
  }

  async run(): Promise<StartCard> {
    const {args} = await this.parse(Start)
    const outcome = await startBatch(args.name)
    const card = toStartCard(outcome)
    this.log(renderStartCard(card))
    return card
  }
}
