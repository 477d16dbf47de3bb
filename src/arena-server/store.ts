import {randomBytes} from 'node:crypto'
import {existsSync, mkdirSync} from 'node:fs'
import {dirname} from 'node:path'
import {DatabaseSync} from 'node:sqlite'

import type {Order} from '../core/arena/judge-prompt.js'
import type {Choice, PeopleVote} from '../core/arena/battles.js'
import {UserError} from '../core/errors.js'

/** The item a voter is looking at: shown, not yet voted on. */
export interface ShownItem {
  item: string
  order: Order
}

/**
 * The votes, in SQLite (Node's built-in node:sqlite): one row per vote (voter, item, order shown,
 * choice, time), and one per item shown, so that a vote for an item this voter was never shown is
 * refused. WAL journal with full sync: a vote acknowledged is on disk, a restart loses nothing, and
 * `bench arena ratings` or `export` can read while the server writes. One writer (the server's
 * single thread) serves every voter; SQLite's constraints refuse a second vote on one item.
 */
export class VoteStore {
  private constructor(private readonly db: DatabaseSync) {}

  /** Opens (or creates) the votes of `arena` at `path`; a database of another arena is refused. */
  static open(path: string, arena: string): VoteStore {
    mkdirSync(dirname(path), {recursive: true})
    let db: DatabaseSync
    try {
      db = new DatabaseSync(path)
    } catch (error) {
      throw new UserError(`cannot open the votes database ${path}: ${(error as Error).message}`)
    }
    db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS voters (id TEXT PRIMARY KEY, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS shown (
        voter TEXT NOT NULL REFERENCES voters(id), item TEXT NOT NULL,
        order_shown TEXT NOT NULL CHECK (order_shown IN ('ab', 'ba')), shown_at TEXT NOT NULL,
        PRIMARY KEY (voter, item));
      CREATE TABLE IF NOT EXISTS votes (
        id INTEGER PRIMARY KEY, voter TEXT NOT NULL, item TEXT NOT NULL,
        order_shown TEXT NOT NULL CHECK (order_shown IN ('ab', 'ba')),
        choice TEXT NOT NULL CHECK (choice IN ('A', 'B', 'tie', 'bothbad')), voted_at TEXT NOT NULL,
        UNIQUE (voter, item), FOREIGN KEY (voter, item) REFERENCES shown(voter, item));
      PRAGMA foreign_keys = ON;
    `)
    const store = new VoteStore(db)
    const stored = store.meta('arena')
    if (stored === undefined) store.setMeta('arena', arena)
    else if (stored !== arena) {
      db.close()
      throw new UserError(`${path} holds the votes of arena "${stored}", not "${arena}": pass --db with this arena's votes file`)
    }
    return store
  }

  /** The link token, made once and kept, so that a restarted server's links still work. */
  token(): string {
    const stored = this.meta('token')
    if (stored !== undefined) return stored
    const token = randomBytes(18).toString('base64url')
    this.setMeta('token', token)
    return token
  }

  createVoter(now: Date): string {
    const id = `v-${randomBytes(9).toString('base64url')}`
    this.db.prepare('INSERT INTO voters (id, created_at) VALUES (?, ?)').run(id, now.toISOString())
    return id
  }

  hasVoter(voter: string): boolean {
    return this.db.prepare('SELECT 1 FROM voters WHERE id = ?').get(voter) !== undefined
  }

  /** The item shown to the voter and not yet voted on, if any (at most one at a time). */
  pending(voter: string): ShownItem | undefined {
    const row = this.db
      .prepare('SELECT s.item, s.order_shown FROM shown s LEFT JOIN votes v ON v.voter = s.voter AND v.item = s.item WHERE s.voter = ? AND v.id IS NULL ORDER BY s.shown_at LIMIT 1')
      .get(voter) as {item: string; order_shown: Order} | undefined
    return row === undefined ? undefined : {item: row.item, order: row.order_shown}
  }

  show(voter: string, item: string, order: Order, now: Date): void {
    this.db.prepare('INSERT INTO shown (voter, item, order_shown, shown_at) VALUES (?, ?, ?, ?)').run(voter, item, order, now.toISOString())
  }

  /** The order an item was shown to the voter in; undefined if it was never shown to them. */
  shownOrder(voter: string, item: string): Order | undefined {
    const row = this.db.prepare('SELECT order_shown FROM shown WHERE voter = ? AND item = ?').get(voter, item) as {order_shown: Order} | undefined
    return row?.order_shown
  }

  /** Items the voter was shown, voted or not. */
  shownItems(voter: string): Set<string> {
    const rows = this.db.prepare('SELECT item FROM shown WHERE voter = ?').all(voter) as {item: string}[]
    return new Set(rows.map((row) => row.item))
  }

  /** Stores a vote; false when this voter has already voted on this item (nothing is stored then). */
  vote(voter: string, item: string, order: Order, choice: Choice, now: Date): boolean {
    const result = this.db.prepare('INSERT OR IGNORE INTO votes (voter, item, order_shown, choice, voted_at) VALUES (?, ?, ?, ?, ?)').run(voter, item, order, choice, now.toISOString())
    return result.changes === 1
  }

  /** The voter's votes, oldest first. */
  votesOf(voter: string): PeopleVote[] {
    return (this.db.prepare('SELECT voter, item, order_shown, choice, voted_at FROM votes WHERE voter = ? ORDER BY id').all(voter) as unknown as VoteRow[]).map(toVote)
  }

  allVotes(): PeopleVote[] {
    return (this.db.prepare('SELECT voter, item, order_shown, choice, voted_at FROM votes ORDER BY id').all() as unknown as VoteRow[]).map(toVote)
  }

  close(): void {
    this.db.close()
  }

  private meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as {value: string} | undefined)?.value
  }

  private setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value)
  }
}

interface VoteRow {
  voter: string
  item: string
  order_shown: Order
  choice: Choice
  voted_at: string
}

function toVote(row: VoteRow): PeopleVote {
  return {voter: row.voter, item: row.item, order: row.order_shown, choice: row.choice, voted_at: row.voted_at}
}

/** The votes of an arena's database, for commands that only read (ratings, export): no database, no votes. */
export function readVotes(path: string, arena: string): PeopleVote[] {
  if (!existsSync(path)) return []
  const store = VoteStore.open(path, arena)
  try {
    return store.allVotes()
  } finally {
    store.close()
  }
}
