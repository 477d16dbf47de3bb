import {Args, Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {applyHostFlags, hostFlags} from '../cli/host-flags.js'
import {ProgressLine} from '../cli/progress-line.js'
import {renderSpendingPlan} from '../cli/spending-card.js'
import {spendingFlags} from '../cli/spending-flags.js'
import {renderStartCard, toStartCard, type StartCard} from '../cli/start-card.js'
import {renderStatusCard, toStatusCard} from '../cli/status-card.js'
import {fetchBatchStatus} from '../core/batch/batch-status.js'
import {readManifest} from '../core/batch/manifest.js'
import {startBatch, submissionProgress} from '../core/batch/start.js'
import {noteProgress, onInterrupt} from '../core/interruption.js'
import {guardSending, type SpendingPlan} from '../core/pricing/spending-guard.js'
import {DEFAULT_PACE, pollDelaySeconds, waitForBatches} from '../core/run/wait-for-batches.js'

/** The card moved to src/cli/start-card.ts (`bench demo` prints it too); still importable from here. */
export type {StartCard} from '../cli/start-card.js'

export default class Start extends BenchCommand {
  static override summary = 'Upload a prepared batch and submit it to its vendor.'

  static override description = `Uploads the batch file(s) and creates the vendor batch(es), recording every remote id in the batch record before moving on. Safe to re-run after a crash or Ctrl-C: an upload already recorded is not repeated, and a batch already created is found again instead of being created twice. Starting a batch that was already submitted says so and exits 0.

A batch of an openai-compatible endpoint (no Batch API) is run by bench's own worker: in the background (its pid recorded, so \`bench get\` tells running from interrupted), or in this command with --wait. It sends at most the endpoint's max_concurrency requests at a time, within its requests_per_minute, retrying 429s and 5xx as retry-after asks; each answer is written as it arrives, so re-running \`bench start\` resumes and never sends an answered request again.

With --max-cost, the estimated cost (data/prices.json, or --prices FILE) is checked first, and the command refuses, sending nothing, when it is over the limit or unknown. --dry-run prints what would be sent and sends nothing.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_vlm_hints_2',
    '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_vlm_hints_2 --max-cost 5',
    '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_vlm_hints_2 --dry-run',
  ]

  static override args = {
    name: Args.string({description: 'Batch name, as printed by `bench prepare` (see `bench list`).', required: true}),
  }

  static override flags = {
    ...hostFlags,
    ...spendingFlags,
    wait: Flags.boolean({
      description: 'Stay until every request is answered, with a progress bar. A batch of an openai-compatible endpoint then runs its requests in this process instead of a background worker.',
      default: false,
    }),
  }

  async run(): Promise<StartCard | {dry_run: SpendingPlan}> {
    const {args, flags} = await this.parse(Start)
    applyHostFlags(flags)
    const plan = guardSending([await readManifest(args.name)], {maxCost: flags['max-cost'], pricesFile: flags.prices})
    if (flags['dry-run']) {
      this.log(renderSpendingPlan(plan))
      return {dry_run: plan}
    }
    const progress = new ProgressLine(process.stderr)
    const stop = new AbortController()
    noteProgress({done: () => submissionProgress([args.name])})
    // A foreground worker stops gently on Ctrl-C, its answers so far kept; otherwise the interruption says how far it got.
    if (flags.wait) onInterrupt(() => stop.abort())
    const outcome = await startBatch(args.name, {wait: flags.wait, onAnswer: (done) => progress.update(done.answered, done.total), signal: stop.signal})
    if (flags.wait && outcome.worker === undefined) {
      await waitForBatches([args.name], {
        delaySeconds: (running) => pollDelaySeconds(running, DEFAULT_PACE),
        onPoll: ([view]) => view?.status?.counts && progress.update(view.status.counts.succeeded + view.status.counts.failed, view.status.counts.total),
      })
    }
    progress.finish()
    const card = toStartCard(outcome)
    this.log(renderStartCard(card))
    if (flags.wait) this.log(`\n${renderStatusCard(toStatusCard(await fetchBatchStatus(args.name)))}`)
    return card
  }
}
