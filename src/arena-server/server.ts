import {createHash, randomInt, timingSafeEqual} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

import {arenaItems, itemConversation, type ArenaItem, type ArenaRecord} from '../core/arena/arena-record.js'
import {CHOICES, type Choice} from '../core/arena/battles.js'
import type {Order} from '../core/arena/judge-prompt.js'
import {renderMarkdown} from './markdown.js'
import {PAGE_POLICY, votingPage} from './page.js'
import type {VoteStore} from './store.js'

export interface ServeOptions {
  record: ArenaRecord
  store: VoteStore
  host: string
  port: number
  /** Votes per round; the models are revealed at the end of each round unless `reveal` is `never`. */
  round: number
  reveal: 'round' | 'never'
  /** Required in every request (the link carries it) when set: the server is reachable from a network. */
  token?: string
  now?: () => Date
}

export interface RunningServer {
  url: string
  server: Server
  close(): Promise<void>
}

/** A refused request: its status and one line saying why. Nothing is stored for it. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const MAX_BODY = 4096

/**
 * The voting server: the page, and a small JSON API it calls. Every request is checked where it
 * enters: the token (when the server is shared), the Host header (a page elsewhere cannot reach
 * a loopback server through DNS rebinding), JSON only (a form on another site cannot post), and
 * each vote against what this voter was shown. A refused request gets a 4xx and changes nothing.
 */
export async function startVotingServer(options: ServeOptions): Promise<RunningServer> {
  const items = arenaItems(options.record)
  const byId = new Map(items.map((item) => [item.id, item]))
  const now = options.now ?? (() => new Date())
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof Refusal) send(response, error.status, {error: error.message})
      else send(response, 500, {error: 'internal error'})
    })
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://arena.invalid')
    checkHost(request)
    checkToken(request, url)
    if (request.method === 'GET' && url.pathname === '/') return page(response)
    if (request.method === 'POST' && url.pathname === '/api/voter') {
      await readJson(request)
      return send(response, 201, {voter: options.store.createVoter(now())})
    }
    if (request.method === 'GET' && url.pathname === '/api/next') return send(response, 200, next(knownVoter(url.searchParams.get('voter'))))
    if (request.method === 'POST' && url.pathname === '/api/vote') return send(response, 200, vote(await readJson(request)))
    throw new Refusal(404, `no ${request.method ?? ''} ${url.pathname} here`)
  }

  function page(response: ServerResponse): void {
    response.writeHead(200, {...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_POLICY})
    response.end(votingPage(options.record.name))
  }

  /** The voter's pending item, or the next one in their own shuffled order, shown in a random order. */
  function next(voter: string): unknown {
    const pending = options.store.pending(voter)
    let shown = pending
    if (shown === undefined) {
      const seen = options.store.shownItems(voter)
      const item = queueOf(voter).find((candidate) => !seen.has(candidate.id))
      if (item !== undefined) {
        shown = {item: item.id, order: randomInt(2) === 0 ? 'ab' : 'ba'}
        options.store.show(voter, item.id, shown.order, now())
      }
    }
    return {item: shown === undefined ? null : itemView(byId.get(shown.item)!, shown.order), progress: progress(voter)}
  }

  function vote(body: unknown): unknown {
    const {voter, item, choice} = voteRequest(body)
    knownVoter(voter)
    const order = options.store.shownOrder(voter, item)
    if (order === undefined) throw new Refusal(409, `item ${item} was not shown to this voter`)
    if (!options.store.vote(voter, item, order, choice, now())) throw new Refusal(409, `this voter has already voted on item ${item}`)
    const state = progress(voter)
    const roundEnded = state.round.voted === 0 || state.voted === state.total
    return {progress: state, ...(roundEnded && options.reveal === 'round' && {reveal: lastRound(voter)})}
  }

  function progress(voter: string): {voted: number; total: number; round: {voted: number; size: number}} {
    const voted = options.store.votesOf(voter).length
    return {voted, total: items.length, round: {voted: voted % options.round, size: options.round}}
  }

  /** The models behind A and B for the votes of the round just finished. */
  function lastRound(voter: string): {item: string; a: string; b: string; choice: Choice}[] {
    const votes = options.store.votesOf(voter)
    const size = votes.length % options.round === 0 ? options.round : votes.length % options.round
    return votes.slice(-size).map((cast) => {
      const {pair} = byId.get(cast.item)!
      const [a, b] = cast.order === 'ab' ? [pair.model_a, pair.model_b] : [pair.model_b, pair.model_a]
      return {item: cast.item, a, b, choice: cast.choice}
    })
  }

  function knownVoter(voter: string | null): string {
    if (voter === null || !/^v-[A-Za-z0-9_-]{1,40}$/.test(voter) || !options.store.hasVoter(voter)) throw new Refusal(404, 'unknown voter: reload the page to get a voter id')
    return voter
  }

  /** Every voter sees every item, in an order of their own (seeded by their id), so votes spread over the pairs. */
  function queueOf(voter: string): ArenaItem[] {
    const keyed = items.map((item) => ({item, key: createHash('sha256').update(`${voter}\n${item.id}`).digest().readUInt32BE(0)}))
    return keyed.sort((a, b) => a.key - b.key).map(({item}) => item)
  }

  function itemView(item: ArenaItem, order: Order): unknown {
    const conversation = itemConversation(options.record, item)
    const [a, b] = order === 'ab' ? [item.pair.model_a, item.pair.model_b] : [item.pair.model_b, item.pair.model_a]
    return {
      id: item.id,
      category: conversation.prompt.category ?? null,
      user: conversation.user.map(renderMarkdown),
      a: conversation.answers[a]!.map(renderMarkdown),
      b: conversation.answers[b]!.map(renderMarkdown),
    }
  }

  function checkHost(request: IncomingMessage): void {
    if (options.token !== undefined) return
    const host = request.headers.host ?? ''
    const port = (server.address() as AddressInfo).port
    if (![`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host)) throw new Refusal(421, `this server answers to 127.0.0.1:${port} only`)
  }

  function checkToken(request: IncomingMessage, url: URL): void {
    if (options.token === undefined) return
    const given = request.headers['x-arena-token'] ?? url.searchParams.get('token') ?? ''
    const expected = Buffer.from(options.token)
    const actual = Buffer.from(String(given))
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new Refusal(403, 'missing or wrong token: open the link the server printed')
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${shownHost}:${port}/${options.token === undefined ? '' : `?token=${options.token}`}`,
    server,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

const SECURITY_HEADERS = {'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store'}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8'})
  response.end(JSON.stringify(body))
}

/** A JSON body: declared as JSON (a cross-site form cannot), at most 4 KiB, and parseable. */
async function readJson(request: IncomingMessage): Promise<unknown> {
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) throw new Refusal(415, 'send JSON (Content-Type: application/json)')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY) throw new Refusal(413, `the body is over ${MAX_BODY} bytes`)
    chunks.push(chunk)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    throw new Refusal(400, 'the body is not valid JSON')
  }
}

function voteRequest(body: unknown): {voter: string; item: string; choice: Choice} {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Refusal(400, 'a vote is {"voter", "item", "choice"}')
  const keys = Object.keys(body).sort().join(',')
  const {voter, item, choice} = body as Record<string, unknown>
  if (keys !== 'choice,item,voter' || typeof voter !== 'string' || typeof item !== 'string') throw new Refusal(400, 'a vote is {"voter", "item", "choice"} and nothing else')
  if (!CHOICES.includes(choice as Choice)) throw new Refusal(400, `"choice" is one of ${CHOICES.join(', ')}`)
  return {voter, item, choice: choice as Choice}
}
