import {Args} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {renderCard} from '../cli/card.js'
import {startBatch} from '../core/start.js'

export interface StartCard {
  name: string
  provider: string
  model: string
  /** False when the batch had already been submitted. */
  submitted: boolean
  shards: {file: string; file_id?: string; batch_id?: string}[]
  reused: number
  warnings: string[]
  next: string
}

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
    const {manifest} = outcome
    const card: StartCard = {
      name: manifest.name,
      provider: manifest.provider,
      model: manifest.model,
      submitted: outcome.submitted,
      shards: manifest.shards.map((shard) => ({file: shard.file, file_id: shard.remote?.file_id, batch_id: shard.remote?.batch_id})),
      reused: outcome.reused,
      warnings: outcome.warnings,
      next: `bench get ${manifest.name}`,
    }
    this.log(
      renderCard({
        title: outcome.submitted ? `Submitted ${card.name}` : `${card.name} was already submitted`,
        rows: [
          ['vendor', `${card.provider} · ${card.model}`],
          ['batch', card.shards.map((shard) => shard.batch_id ?? '(not created)').join('\n')],
          ['reused', card.reused > 0 ? `${card.reused} batch(es) created by an interrupted run` : undefined],
          ['note', card.warnings.length > 0 ? card.warnings.join('\n') : undefined],
        ],
        footer: [`Next: ${card.next}   (or: watch -n 2 bench get ${card.name})`],
      }),
    )
    return card
  }
}
