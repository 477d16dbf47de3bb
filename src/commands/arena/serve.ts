import {Args, Flags} from '@oclif/core'

import {startVotingServer} from '../../arena-server/server.js'
import {VoteStore} from '../../arena-server/store.js'
import {BenchCommand} from '../../cli/base-command.js'
import {renderCard} from '../../cli/card.js'
import {arenaItems, defaultVotesPath, readArena} from '../../core/arena/arena-record.js'
import {UserError} from '../../core/errors.js'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

export default class ArenaServe extends BenchCommand {
  static override summary = 'Serve the voting page: people compare two answers at a time, blind.'

  static override description = `Starts a local web page showing one prompt and two answers side by side, labelled A and B in a random order for each voter, with buttons and keys for A better (A, 1, ←), B better (B, 2, →), tie (T, 3) and both bad (X, 4), and the voter's progress. The models stay hidden; at the end of each round (--round votes) the page shows which models the voter compared, or never with --reveal never. Answers are shown as Markdown (code included), with all HTML in them escaped; links and images are shown as text.

Votes go to SQLite (--db, default arena/NAME.sqlite): one row per vote with the voter, the item, the order shown, the choice and the time. A vote is on disk before the page moves on; stop the server at any time and start it again: nothing is lost and each voter continues where they were. A vote for an item the voter was not shown, a second vote on one item, or a malformed request is refused (4xx) and stored nowhere.

The server listens on 127.0.0.1 only. --host 0.0.0.0 (or an address) shares it on a network: then every request needs the token in the link printed at start, so that only those given the link can vote. The token is kept in the database, so the link survives a restart.`

  static override examples = ['<%= config.bin %> <%= command.id %> mtbench', '<%= config.bin %> <%= command.id %> mtbench --port 8080 --round 5 --reveal never', '<%= config.bin %> <%= command.id %> mtbench --host 0.0.0.0 --db votes/mtbench.sqlite']

  static override args = {arena: Args.string({description: 'The arena (made by `bench arena pairs`).', required: true})}

  static override flags = {
    port: Flags.integer({description: 'Port to listen on (0: any free port).', default: 8787, min: 0, max: 65535}),
    host: Flags.string({description: 'Address to listen on; anything but loopback requires the token of the printed link.', default: '127.0.0.1'}),
    db: Flags.string({description: 'The votes database (default arena/NAME.sqlite).'}),
    round: Flags.integer({description: 'Votes per round.', default: 10, min: 1}),
    reveal: Flags.string({description: 'When voters see which models they compared.', options: ['round', 'never'], default: 'round'}),
  }

  async run(): Promise<{url: string; db: string; items: number}> {
    const {args, flags} = await this.parse(ArenaServe)
    const record = await readArena(args.arena)
    const db = flags.db ?? defaultVotesPath(record.name)
    const store = VoteStore.open(db, record.name)
    const shared = !LOOPBACK.has(flags.host)
    let running
    try {
      running = await startVotingServer({record, store, host: flags.host, port: flags.port, round: flags.round, reveal: flags.reveal as 'round' | 'never', ...(shared && {token: store.token()})})
    } catch (error) {
      store.close()
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EADDRINUSE') throw new UserError(`port ${flags.port} is in use: pass another --port (0 for any free one)`)
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`cannot listen on ${flags.host}: pass an address of this machine, or 0.0.0.0`)
      throw error
    }
    const items = arenaItems(record).length
    this.log(
      renderCard({
        title: `Voting on arena ${record.name}`,
        rows: [
          ['open', running.url],
          ['items', `${items} per voter (${record.pairs.length} pairs, one vote per turn), rounds of ${flags.round}, models revealed ${flags.reveal === 'round' ? 'at the end of each round' : 'never'}`],
          ['votes', db],
          ['access', shared ? `shared on ${flags.host}: only with the token in the link above` : 'this machine only (127.0.0.1)'],
        ],
        footer: ['Stop with Ctrl-C; starting again continues where every voter was.', `Then: bench arena ratings ${record.name}`],
      }),
    )
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        void running.close().then(() => {
          store.close()
          resolve()
        })
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    return {url: running.url, db, items}
  }
}
