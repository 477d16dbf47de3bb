import {Args, Flags} from '@oclif/core'

import {readVotes} from '../../arena-server/store.js'
import {BenchCommand} from '../../cli/base-command.js'
import {defaultVotesPath, readArena} from '../../core/arena/arena-record.js'
import {judgeBattles, peopleBattles, type Battle} from '../../core/arena/battles.js'
import {readJudgeResults} from '../../core/arena/verdicts.js'
import {writeFileAtomic} from '../../core/atomic.js'
import {battlesCsv, battlesJsonl} from '../../report/battles-export.js'

export default class ArenaExport extends BenchCommand {
  static override summary = "Write the arena's votes and verdicts as battles: Chatbot Arena's layout, JSONL or CSV."

  static override description = `One battle a line: model_a, model_b, winner (model_a, model_b, tie or "tie (bothbad)"), judge (the voter's id, or the judge as provider/model), tstamp, then bench's fields: source (people or judge), arena, question_id, turn, pair, and for judges their verdict in each order and whether it held when the answers swapped. For a person, model_a is the model shown as A. A judge's verdicts count once both orders are in; a verdict that changed with the order is a tie. \`bench arena ratings --battles FILE\` rates such a file, as it does public battle logs.`

  static override examples = ['<%= config.bin %> <%= command.id %> mtbench --out battles.jsonl', '<%= config.bin %> <%= command.id %> mtbench --votes people --format csv --out votes.csv']

  static override args = {arena: Args.string({description: 'The arena.', required: true})}

  static override flags = {
    votes: Flags.string({description: 'Whose votes.', options: ['people', 'judges', 'both'], default: 'both'}),
    format: Flags.string({description: 'File format.', options: ['jsonl', 'csv'], default: 'jsonl'}),
    out: Flags.string({description: 'Write here instead of standard output.'}),
    db: Flags.string({description: 'The votes database (default arena/NAME.sqlite).'}),
  }

  async run(): Promise<{battles: number; people: number; judges: number; out?: string}> {
    const {args, flags} = await this.parse(ArenaExport)
    const record = await readArena(args.arena)
    const people = flags.votes === 'judges' ? [] : peopleBattles(record, readVotes(flags.db ?? defaultVotesPath(record.name), record.name))
    const judges: Battle[] = []
    if (flags.votes !== 'people') for (const batch of record.judge_batches) judges.push(...judgeBattles(record, await readJudgeResults(record, batch)))
    const battles = [...people, ...judges]
    const text = flags.format === 'csv' ? battlesCsv(battles) : battlesJsonl(battles)
    if (flags.out === undefined) {
      if (!this.jsonEnabled()) await new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())))
    } else {
      await writeFileAtomic(flags.out, text)
      this.logToStderr(`${battles.length} battles (${people.length} votes of people, ${judges.length} verdicts of judges) written to ${flags.out}`)
    }
    return {battles: battles.length, people: people.length, judges: judges.length, ...(flags.out !== undefined && {out: flags.out})}
  }
}
