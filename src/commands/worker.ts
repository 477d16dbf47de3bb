import {Args} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {applyHostFlags, hostFlags} from '../cli/host-flags.js'
import {onInterrupt} from '../core/interruption.js'
import {runEndpointWorker, type WorkerOutcome} from '../providers/openai-compatible/run-worker.js'

export default class Worker extends BenchCommand {
  static override streamsFiles = true
  static override hidden = true

  static override summary = "Send an endpoint batch's unanswered requests (what `bench start` runs in the background)."

  static override description = `Started by \`bench start NAME\` as a detached process for batches of an openai-compatible endpoint; its output goes to processed_files/NAME.worker.log. SIGTERM (\`bench cancel\`) or Ctrl-C stops it: requests in flight are dropped and sent again by the next \`bench start\`.`

  static override args = {
    name: Args.string({description: 'Batch name.', required: true}),
  }

  static override flags = {
    ...hostFlags,
  }

  async run(): Promise<WorkerOutcome> {
    const {args, flags} = await this.parse(Worker)
    applyHostFlags(flags)
    const controller = new AbortController()
    onInterrupt(() => controller.abort())
    const outcome = await runEndpointWorker(args.name, {signal: controller.signal})
    this.log(`${args.name}: ${outcome.answered}/${outcome.total} answered, ${outcome.sent} sent by this run${outcome.finished ? '' : ' (stopped)'}`)
    return outcome
  }
}
