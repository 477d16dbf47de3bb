import {Args, Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {applyHostFlags, hostFlags} from '../cli/host-flags.js'
import {renderRetryCard, toRetryCard, type RetryCard} from '../cli/retry-card.js'
import {renderSpendingPlan} from '../cli/spending-card.js'
import {spendingFlags} from '../cli/spending-flags.js'
import {startBatch, submissionProgress} from '../core/batch/start.js'
import {noteProgress} from '../core/interruption.js'
import {guardSending, type SpendingPlan} from '../core/pricing/spending-guard.js'
import {RESULT_CODES} from '../core/results/result-codes.js'
import {parseOnlyCodes} from '../core/retry/reasons.js'
import {retryBatch} from '../core/retry/retry.js'

export default class Retry extends BenchCommand {
  static override streamsFiles = true
  static override summary = 'Resubmit the requests of a finished batch that did not succeed.'

  static override description = `Downloads the results of NAME (merged with its earlier retries), picks the requests that did not succeed (by their result code; --only narrows them), and writes them as a new batch NAME_retry_<n>, each line copied byte for byte from the prepared file, linked to NAME in its record. \`bench results NAME\` then merges every attempt: each request's newest successful answer wins, every request appears exactly once, and the card counts the answers of each attempt. Retrying a retry works the same way.

A truncated answer (cut off at the token limit) is resubmitted; with --max-tokens N its copied line asks for N tokens instead, and the card says how many lines were raised. A request whose fate is permanent (refusal, safety, recitation, invalid_request) is left out, and the card says why: the same request gets the same answer. --include-permanent sends it anyway. Re-running after a crash hands back the retry batch already prepared instead of making another.`

  static override usage = ['<%= command.id %> NAME [--only KINDS] [--include-permanent] [--start [--max-cost USD] [--dry-run]] [--prices FILE] [--allow-host HOST] [--json]']

  static override examples = [
    '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_llm_hints_0 --start',
    '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_llm_hints_0 --only expired,server_error --start --max-cost 2',
    '<%= config.bin %> <%= command.id %> benchmark_anthropic_claude-sonnet-4-5_llm_hints_0 --only truncated --max-tokens 16000 --start',
    '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_llm_hints_0_retry_1 --start',
  ]

  static override args = {
    name: Args.string({description: 'The batch to retry (a first batch or one of its retries).', required: true}),
  }

  static override flags = {
    ...hostFlags,
    only: Flags.string({description: `Only the requests that ended with these result codes, comma-separated: ${RESULT_CODES.join(', ')}.`}),
    'include-permanent': Flags.boolean({description: 'Also resubmit requests whose fate is permanent: refusal, safety, recitation, invalid_request.', default: false}),
    'max-tokens': Flags.integer({description: 'The token limit of the truncated requests resubmitted (above the batch\'s own); other lines are copied unchanged.', min: 1}),
    start: Flags.boolean({description: 'Also submit the retry batch (like `bench start`).', default: false}),
    'max-cost': {...spendingFlags['max-cost'], dependsOn: ['start']},
    'dry-run': {...spendingFlags['dry-run'], dependsOn: ['start']},
    prices: spendingFlags.prices,
  }

  async run(): Promise<RetryCard | (RetryCard & {dry_run: SpendingPlan})> {
    const {args, flags} = await this.parse(Retry)
    applyHostFlags(flags)
    const only = flags.only === undefined ? undefined : parseOnlyCodes(flags.only)
    const outcome = await retryBatch({name: args.name, only, includePermanent: flags['include-permanent'], maxTokens: flags['max-tokens']})
    if (!flags.start || outcome.batch === undefined) return this.print(toRetryCard(outcome))

    const retry = outcome.batch.name
    noteProgress({done: () => `${retry} is prepared, and ${submissionProgress([retry])}`})
    const plan = guardSending([outcome.batch], {maxCost: flags['max-cost'], pricesFile: flags.prices})
    if (flags['dry-run']) {
      const card = toRetryCard(outcome)
      this.log(`${renderRetryCard(card)}\n\n${renderSpendingPlan(plan)}`)
      return {...card, dry_run: plan}
    }
    return this.print(toRetryCard(outcome, await startBatch(outcome.batch.name)))
  }

  private print(card: RetryCard): RetryCard {
    this.log(renderRetryCard(card))
    return card
  }
}
