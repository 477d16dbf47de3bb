import {Args, Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {applyHostFlags, hostFlags} from '../cli/host-flags.js'
import {scoreCommand} from '../cli/jury-card.js'
import {ProgressLine} from '../cli/progress-line.js'
import {actualCost, renderResultsCard} from '../cli/results-card.js'
import {readManifest} from '../core/batch/manifest.js'
import {judgeResultsFiles} from '../core/jury/results.js'
import type {Cost} from '../core/pricing/cost.js'
import {noteProgress} from '../core/interruption.js'
import {collectResults, type ResultsSummary} from '../core/results/collect-results.js'

export default class Results extends BenchCommand {
  static override streamsFiles = true
  static override summary = "Download a finished batch's answers into results/NAME.jsonl."

  static override description = `Downloads the output and error files of every shard (and the partial output of expired or cancelled batches) and streams them into results/NAME.jsonl in one normalized shape: {custom_id, ok, text, parsed, usage, error, model, provider}. Every request of the batch appears exactly once; a request the vendor never returned appears as a failure. Run again, it never replaces a success already in the file by a failure or a missing line (the card counts the answers kept; --fresh rebuilds the file from scratch). Refuses, with the current state, while the batch is still running, and refuses a vendor batch that is not the one bench created (an id reused by a restarted emulator or another account), writing nothing. On a terminal, a progress line counts the lines as they are written.`

  static override examples = ['<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_vlm_hints_2', '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_vlm_hints_2 --fresh']

  static override args = {
    name: Args.string({description: 'Batch name.', required: true}),
  }

  static override flags = {
    ...hostFlags,
    fresh: Flags.boolean({
      description: 'Rebuild results/NAME.jsonl from what the vendor returns now only. Without it, a success already in the file is kept where the vendor now returns a failure or nothing.',
      default: false,
    }),
  }

  async run(): Promise<ResultsSummary & {cost_usd: Cost}> {
    const {args, flags} = await this.parse(Results)
    applyHostFlags(flags)
    noteProgress({done: () => `nothing was written: results/${args.name}.jsonl is as it was`})
    const progress = new ProgressLine(process.stderr)
    const onProgress = this.jsonEnabled() ? undefined : (written: number, total: number) => progress.update(written, total)
    const summary = await collectResults(args.name, {onProgress, fresh: flags.fresh}).finally(() => progress.finish())
    const manifest = await readManifest(args.name)
    const next =
      manifest.arena !== undefined
        ? `bench arena ratings ${manifest.arena.name}`
        : manifest.judge_of === undefined
          ? `bench jury ${args.name}`
          : scoreCommand(await judgeResultsFiles(manifest.judge_of.batch))
    const cost = actualCost(manifest, summary)
    this.log(renderResultsCard(summary, next, cost))
    return {...summary, cost_usd: cost}
  }
}
