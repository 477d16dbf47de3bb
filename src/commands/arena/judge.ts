import {Args, Flags} from '@oclif/core'

import {BenchCommand} from '../../cli/base-command.js'
import {renderArenaJudgeCard, toArenaJudgeCard, type ArenaJudgeCard} from '../../cli/arena-cards.js'
import {applyHostFlags, hostFlags} from '../../cli/host-flags.js'
import {renderSpendingPlan} from '../../cli/spending-card.js'
import {spendingFlags} from '../../cli/spending-flags.js'
import {prepareArenaJudges, startArenaJudges} from '../../core/arena/judge-batches.js'
import {guardSending, type SpendingPlan} from '../../core/pricing/spending-guard.js'

export default class ArenaJudge extends BenchCommand {
  static override summary = "Prepare the arena's pairwise judge batches: one per judge, judges of two vendors or more, every pair in both orders."

  static override description = `Writes one batch per judge of the panel (the first panel_size judges of data/judges.json, or --judges FILE), named arena_<arena>_by_<judge vendor>_<judge model>. Each request shows a judge one item (a prompt's turn and the two answers, the whole conversation for a later turn) with MT-bench's pairwise judge prompt, and asks for the strict verdict {"reason", "winner": "A" | "B" | "tie"}. Every item is asked twice, the answers swapped: a verdict that changes with the order counts as a tie (MT-bench's rule), and the share of such flips is the judge's position bias in \`bench arena ratings\`.

A judge never rates a pair holding a model of its own vendor, unless --self-judging. The judge batches are ordinary batches: \`bench start\`, \`get\`, \`results\`, \`retry\` and \`cancel\` drive them. A batch already submitted by an earlier run is left as it was, so after a crash the same command continues.

With --start, --max-cost checks the estimated cost first and refuses, sending nothing, when it is over the limit or unknown; --dry-run prepares the batches and prints what would be sent.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> mtbench',
    '<%= config.bin %> <%= command.id %> mtbench --start --max-cost 10',
    '<%= config.bin %> <%= command.id %> mtbench --judges my_judges.json --start --dry-run --json',
  ]

  static override args = {arena: Args.string({description: 'The arena (made by `bench arena pairs`).', required: true})}

  static override flags = {
    judges: Flags.string({description: 'A judges file replacing the default pool (see data/judges.json for its shape).'}),
    'self-judging': Flags.boolean({description: "Let judges rate their own vendor's models too.", default: false}),
    start: Flags.boolean({description: 'Also submit the judge batches (like `bench start` on each).', default: false}),
    'max-cost': {...spendingFlags['max-cost'], dependsOn: ['start']},
    'dry-run': Flags.boolean({...spendingFlags['dry-run'], dependsOn: ['start']}),
    prices: spendingFlags.prices,
    ...hostFlags,
  }

  async run(): Promise<ArenaJudgeCard | (ArenaJudgeCard & {dry_run: SpendingPlan})> {
    const {args, flags} = await this.parse(ArenaJudge)
    applyHostFlags(flags)
    const outcome = await prepareArenaJudges({arena: args.arena, judgesFile: flags.judges, selfJudging: flags['self-judging']})
    if (flags.start) {
      const plan = guardSending(outcome.batches.map((batch) => batch.manifest), {maxCost: flags['max-cost'], pricesFile: flags.prices})
      if (flags['dry-run']) {
        const card = toArenaJudgeCard(outcome)
        this.log(`${renderArenaJudgeCard(card)}\n\n${renderSpendingPlan(plan)}`)
        return {...card, dry_run: plan}
      }
    }
    const starts = flags.start ? await startArenaJudges(outcome) : []
    const card = toArenaJudgeCard(outcome, starts)
    this.log(renderArenaJudgeCard(card))
    return card
  }
}
