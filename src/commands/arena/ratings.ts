import {Args, Flags} from '@oclif/core'

import {readVotes} from '../../arena-server/store.js'
import {BenchCommand} from '../../cli/base-command.js'
import {renderArenaRatings, renderRatings} from '../../cli/arena-cards.js'
import {arenaRatings, rateBattles, type ArenaRatingsReport, type VoterGroup} from '../../core/arena/arena-ratings.js'
import {defaultVotesPath, readArena} from '../../core/arena/arena-record.js'
import {readBattlesFile, type BattlesFileSummary} from '../../core/arena/battles-file.js'
import type {Fragility} from '../../core/arena/fragility.js'
import type {RatingOptions, Ratings} from '../../core/arena/ratings.js'
import {writeFileAtomic} from '../../core/atomic.js'
import {UserError} from '../../core/errors.js'
import {renderArenaPage, type RatedGroup} from '../../report/html/arena-page.js'

type BattlesFileRatings = {battles_file: BattlesFileSummary; ratings: Ratings; fragility: Fragility}

export default class ArenaRatings extends BenchCommand {
  static override streamsFiles = true
  static override summary = "Rate the models from the arena's votes: Bradley-Terry on the Elo scale, with bootstrap intervals, agreement and biases."

  static override description = `Fits a Bradley-Terry model by maximum likelihood to the battles (ties, and "both bad", as half a win to each side) and puts it on the Elo scale: 400 points per factor of 10 in the odds of winning, one model anchored (--anchor, default the first by name, at --anchor-rating). The 95% intervals come from a seeded bootstrap of the battles (--resamples, --seed); rank spread is the best and worst rank the intervals allow. A weak prior (normal, sd 1000 points) keeps a model that won or lost every battle finite, and the output names such models.

For an arena, --votes people rates the votes cast on \`bench arena serve\`'s page (from --db), judges the verdicts of \`bench arena judge\`'s batches (from their results files; a verdict that changes with the order is a tie), and both (the default) shows the two side by side. It adds MT-bench's agreement between each judge and people and between people (with and without ties), each judge's position bias (share of verdicts that flip when the answers swap) and length bias (share of decisive verdicts won by the longer answer), and the fragility of the top spot: the fewest votes found whose removal changes the top model.

--battles FILE rates any file in Chatbot Arena's battle layout (JSONL, or CSV with a header), such as \`bench arena export\`'s or a public battle log. --html FILE writes a page with the ratings, intervals and the win-rate matrix.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> mtbench',
    '<%= config.bin %> <%= command.id %> mtbench --votes judges --anchor gpt-4 --html ratings.html',
    '<%= config.bin %> <%= command.id %> --battles clean_battles.jsonl --resamples 1000 --json',
  ]

  static override args = {arena: Args.string({description: 'The arena (omit with --battles).'})}

  static override flags = {
    votes: Flags.string({description: 'Whose votes to rate.', options: ['people', 'judges', 'both'], default: 'both'}),
    db: Flags.string({description: "The people's votes (default arena/NAME.sqlite)."}),
    battles: Flags.string({description: "A battles file (Chatbot Arena's layout, JSONL or CSV) to rate instead of an arena.", exclusive: ['votes', 'db']}),
    anchor: Flags.string({description: 'The model whose rating is fixed (default: the first by name).'}),
    'anchor-rating': Flags.integer({description: "The anchor's rating.", default: 1000}),
    resamples: Flags.integer({description: 'Bootstrap replicates.', default: 1000, min: 1}),
    seed: Flags.integer({description: 'Seed of the bootstrap.', default: 0}),
    html: Flags.string({description: 'Also write the ratings as a self-contained HTML page here.'}),
  }

  async run(): Promise<ArenaRatingsReport | BattlesFileRatings> {
    const {args, flags} = await this.parse(ArenaRatings)
    const options: RatingOptions = {resamples: flags.resamples, seed: flags.seed, anchorRating: flags['anchor-rating'], ...(flags.anchor !== undefined && {anchor: flags.anchor})}
    if (flags.battles !== undefined) {
      if (args.arena !== undefined) throw new UserError('pass an arena or --battles FILE, not both')
      const {counts, summary} = await readBattlesFile(flags.battles)
      const rated = rateBattles(counts, options)
      if (flags.html !== undefined) await writeFileAtomic(flags.html, renderArenaPage(`Ratings of ${flags.battles}`, [{id: 'ratings', title: 'Ratings', ...rated}]))
      if (summary.self_battles > 0) this.logToStderr(`note: ${summary.self_battles} battles of a model against itself were left out`)
      this.log(renderRatings(`Ratings of ${flags.battles}`, rated.ratings, rated.fragility))
      return {battles_file: summary, ...rated}
    }
    if (args.arena === undefined) throw new UserError('name the arena to rate (bench arena ratings NAME), or pass --battles FILE')
    const record = await readArena(args.arena)
    const groups: VoterGroup[] = flags.votes === 'both' ? ['people', 'judges'] : [flags.votes as VoterGroup]
    const votes = groups.includes('people') ? readVotes(flags.db ?? defaultVotesPath(record.name), record.name) : []
    const report = await arenaRatings({record, groups, votes, options})
    if (flags.html !== undefined) {
      const rated: RatedGroup[] = report.groups.flatMap((group) => ('ratings' in group ? [{id: group.group, title: group.group === 'people' ? "People's votes" : "Judges' verdicts", ratings: group.ratings, fragility: group.fragility}] : []))
      await writeFileAtomic(flags.html, renderArenaPage(`Arena ${record.name}`, rated, report))
    }
    this.log(renderArenaRatings(report))
    return report
  }
}
