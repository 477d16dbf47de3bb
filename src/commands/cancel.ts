import {Args} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {applyHostFlags, hostFlags} from '../cli/host-flags.js'
import {renderStatusCard, toStatusCard, type StatusCard} from '../cli/status-card.js'
import {cancelBatch} from '../core/batch/cancel.js'

export default class Cancel extends BenchCommand {
  static override summary = 'Cancel a submitted batch.'

  static override description = 'Asks the vendor to cancel every shard of the batch still running. Requests already answered are kept (and billed by the vendor); `bench results NAME` downloads them once the cancellation has finished, marking the rest as cancelled.'

  static override examples = ['<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_vlm_hints_2']

  static override args = {
    name: Args.string({description: 'Batch name.', required: true}),
  }

  static override flags = {
    ...hostFlags,
  }

  async run(): Promise<StatusCard & {cancelled_shards: number}> {
    const {args, flags} = await this.parse(Cancel)
    applyHostFlags(flags)
    const view = await cancelBatch(args.name)
    const card = {...toStatusCard(view), cancelled_shards: view.cancelled}
    if (view.cancelled === 0) this.log(`${args.name} had already finished; nothing to cancel.`)
    // Said outright: some vendors (Gemini) have no cancelling state and still report running.
    else this.log(`Cancel requested for ${view.cancelled} shard(s) of ${args.name}; answers already done are kept.\n\n${renderStatusCard(card)}`)
    return card
  }
}
