import {Args} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {renderBatchList, toBatchRows, type BatchRow} from '../cli/batch-list.js'
import {applyHostFlags, hostFlags} from '../cli/host-flags.js'
import {renderStatusCard, toStatusCard, type StatusCard} from '../cli/status-card.js'
import {fetchBatchStatus} from '../core/batch/batch-status.js'
import {listManifests} from '../core/batch/manifest.js'

export default class Get extends BenchCommand {
  static override cleansLeftovers = false
  static override summary = 'Show the status of a batch (or list all batches).'

  static override description = `Fetches the batch's status from its vendor once and prints a card: state (bench's, with the vendor's own status beside it), request counts, progress, elapsed time, time until the vendor's deadline, and whether results can be downloaded. The output has no spinner or cursor tricks, so it suits \`watch -n 2 bench get NAME\`. Without a name, lists every batch with its last known state, like \`bench list\`.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_vlm_hints_2',
    'watch -n 2 <%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_vlm_hints_2',
    '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_vlm_hints_2 --json',
  ]

  static override args = {
    name: Args.string({description: 'Batch name (omit to list all batches).'}),
  }

  static override flags = {
    ...hostFlags,
  }

  async run(): Promise<StatusCard | BatchRow[]> {
    const {args, flags} = await this.parse(Get)
    applyHostFlags(flags)
    if (args.name === undefined) {
      const rows = toBatchRows(await listManifests())
      this.log(renderBatchList(rows))
      return rows
    }
    const card = toStatusCard(await fetchBatchStatus(args.name))
    this.log(renderStatusCard(card))
    return card
  }
}
