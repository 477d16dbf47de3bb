import {Args} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {renderCard} from '../cli/card.js'
import {collectResults, type ResultsSummary} from '../core/collect-results.js'

export default class Results extends BenchCommand {
  static override summary = "Download a finished batch's answers into results/NAME.jsonl."

  static override description = `Downloads the output and error files of every shard (and the partial output of expired or cancelled batches) and streams them into results/NAME.jsonl in one normalized shape: {custom_id, ok, text, parsed, usage, error, model, provider}. Every request of the batch appears exactly once; a request the vendor never returned appears as a failure. Refuses, with the current state, while the batch is still running.`

  static override examples = ['<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_vlm_hints_2']

  static override args = {
    name: Args.string({description: 'Batch name.', required: true}),
  }

  async run(): Promise<ResultsSummary> {
    const {args} = await this.parse(Results)
    const summary = await collectResults(args.name)
    const reasons = Object.entries(summary.failures)
      .sort(([, a], [, b]) => b - a)
      .map(([code, count]) => `${count} ${code}`)
      .join(', ')
    this.log(
      renderCard({
        title: `Results of ${summary.name}`,
        rows: [
          ['succeeded', `${summary.succeeded} / ${summary.total}`],
          ['failed', summary.failed === 0 ? '0' : `${summary.failed} (${reasons})`],
          ['tokens', `${summary.usage.input} in · ${summary.usage.output} out (${summary.usage.reasoning} reasoning) · ${summary.usage.cached} cached`],
          ['ignored', summary.unexpected > 0 ? `${summary.unexpected} lines for ids not in the batch` : undefined],
          ['file', summary.file],
        ],
        footer: [`Next: bench jury --results-file-path ${summary.file}`],
      }),
    )
    return summary
  }
}
