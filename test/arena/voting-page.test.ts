import {request} from 'node:http'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {DatabaseSync} from 'node:sqlite'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {startVotingServer, type RunningServer} from '../../src/arena-server/server.js'
import {VoteStore} from '../../src/arena-server/store.js'
import type {AnswerSet} from '../../src/core/arena/answers.js'
import type {ArenaRecord} from '../../src/core/arena/arena-record.js'
import {makePairs} from '../../src/core/arena/pairing.js'
import {CHROMIUM, HeadlessPage} from '../report/chromium.js'
import {BROWSER_TAG} from '../support/summary-reporter.js'

const SCRIPT_PROBE = '<script>window.__xss = "script"</script>'
const IMAGE_PROBE = '<img src=x onerror="window.__xss = \'img\'">'
const LINK_PROBE = '[click me](javascript:window.__xss="link")'

/** Three models, four one-turn prompts (two of them probes) and one two-turn prompt: 15 items. */
function arenaRecord(): ArenaRecord {
  const prompts = [
    {id: 'q1', category: 'writing', turns: ['Write a haiku.']},
    {id: 'q2', turns: ['Show some code.']},
    {id: 'q3', turns: [`Repeat: ${SCRIPT_PROBE}`]},
    {id: 'q4', turns: ['First question.', 'Second question.']},
  ]
  const models = ['m-one', 'm-two', 'm-three']
  const answer = (model: string, prompt: string, turn: number): string => {
    if (prompt === 'q2') return `Here:\n\n\`\`\`html\n${SCRIPT_PROBE}\n\`\`\`\n\nand **bold** ${LINK_PROBE}`
    if (prompt === 'q3') return model === 'm-one' ? SCRIPT_PROBE : IMAGE_PROBE
    return `answer number ${models.indexOf(model) + 1} to ${prompt}, turn ${turn}`
  }
  const set: AnswerSet = {
    source: {kind: 'mtbench', questions: 'q.jsonl', answers: []},
    prompts,
    models: models.map((name) => ({name, vendor_from: 'unknown'})),
    answers: new Map(models.map((model) => [model, new Map(prompts.map((prompt) => [prompt.id, prompt.turns.map((_, turn) => answer(model, prompt.id, turn + 1))]))])),
  }
  const {pairs, candidates, missing} = makePairs(set, {})
  const answers = Object.fromEntries([...set.answers].map(([model, byPrompt]) => [model, Object.fromEntries(byPrompt)]))
  return {version: 1, name: 'page-test', created_at: '2026-01-01T00:00:00Z', source: set.source, pairing: {}, models: set.models, prompts, answers, pairs, candidates, missing, judge_batches: []}
}

const record = arenaRecord()
let directory: string
let database: string
let store: VoteStore
let running: RunningServer
let port = 0

async function start(): Promise<void> {
  store = VoteStore.open(database, record.name)
  running = await startVotingServer({record, store, host: '127.0.0.1', port, round: 3, reveal: 'round'})
  port = Number(new URL(running.url).port)
}

async function stop(): Promise<void> {
  await running.close()
  store.close()
}

/** The votes table as another process would read it (a second connection, as `bench arena ratings` opens). */
function rows(): {voter: string; item: string; order_shown: string; choice: string}[] {
  const db = new DatabaseSync(database, {readOnly: true})
  try {
    return db.prepare('SELECT voter, item, order_shown, choice FROM votes ORDER BY id').all() as unknown as {voter: string; item: string; order_shown: string; choice: string}[]
  } finally {
    db.close()
  }
}

/** A raw request, so that headers (Host, Content-Type) are exactly what the test says. */
function raw(method: string, path: string, body: string, headers: Record<string, string>): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const sent = request({host: '127.0.0.1', port, method, path, headers}, (response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => (text += chunk.toString()))
      response.on('end', () => resolve({status: response.statusCode ?? 0, body: text}))
    })
    sent.on('error', reject)
    sent.end(body)
  })
}

const json = {'Content-Type': 'application/json', Host: ''}
async function api(method: string, path: string, body?: unknown): Promise<{status: number; body: Record<string, unknown>}> {
  const answer = await raw(method, path, body === undefined ? '' : JSON.stringify(body), {...json, Host: `127.0.0.1:${port}`})
  return {status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown>}
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'bench-arena-page-'))
  database = join(directory, 'votes.sqlite')
  await start()
})

afterAll(async () => {
  await stop()
  await rm(directory, {recursive: true, force: true})
})

describe('the voting API refuses what it must, and stores nothing for it', () => {
  it('a vote for an item not shown, a replayed vote, a malformed or foreign request: 4xx, no row', async () => {
    const voter = (await api('POST', '/api/voter', {})).body.voter as string
    const next = await api('GET', `/api/next?voter=${voter}`)
    const shown = (next.body.item as {id: string}).id
    const other = record.pairs.map((pair) => `${pair.id}-t1`).find((id) => id !== shown)!
    const before = rows().length
    expect((await api('POST', '/api/vote', {voter, item: other, choice: 'A'})).status).toBe(409)
    expect((await api('POST', '/api/vote', {voter, item: shown, choice: 'maybe'})).status).toBe(400)
    expect((await api('POST', '/api/vote', {voter, item: shown, choice: 'A', extra: 1})).status).toBe(400)
    expect((await api('POST', '/api/vote', {voter: 'v-nobody', item: shown, choice: 'A'})).status).toBe(404)
    expect((await raw('POST', '/api/vote', 'not json', {...json, Host: `127.0.0.1:${port}`})).status).toBe(400)
    expect((await raw('POST', '/api/vote', JSON.stringify({voter, item: shown, choice: 'A'}), {'Content-Type': 'text/plain', Host: `127.0.0.1:${port}`})).status).toBe(415)
    expect((await raw('POST', '/api/vote', JSON.stringify({voter, item: shown, choice: 'A'}), {...json, Host: `evil.example:${port}`})).status).toBe(421)
    expect(rows()).toHaveLength(before)
    expect((await api('POST', '/api/vote', {voter, item: shown, choice: 'A'})).status).toBe(200)
    expect((await api('POST', '/api/vote', {voter, item: shown, choice: 'B'})).status).toBe(409)
    expect(rows().slice(before)).toEqual([{voter, item: shown, order_shown: expect.stringMatching(/^(ab|ba)$/) as unknown, choice: 'A'}])
  })

  it('never names a model before the reveal', async () => {
    const voter = (await api('POST', '/api/voter', {})).body.voter as string
    const next = JSON.stringify((await api('GET', `/api/next?voter=${voter}`)).body)
    for (const model of ['m-one', 'm-two', 'm-three']) expect(next).not.toContain(model)
  })
})

describe.skipIf(CHROMIUM === undefined)(`the voting page in headless Chromium${CHROMIUM === undefined ? ' (skipped: no chromium installed, apt-get install chromium)' : ''}`, {tags: [BROWSER_TAG]}, () => {
  const pages: HeadlessPage[] = []
  afterAll(async () => {
    for (const page of pages) await page.close()
  })

  const votesOf = (voter: string): {item: string; choice: string}[] => rows().filter((row) => row.voter === voter).map(({item, choice}) => ({item, choice}))
  const currentItem = (page: HeadlessPage): Promise<string> => page.evaluate<string>(`document.getElementById('item-id').textContent.split(' ')[0]`)
  const voterOf = (page: HeadlessPage): Promise<string> => page.evaluate<string>(`localStorage.getItem('arena-voter')`)
  /** Presses a key and waits for the vote to be counted, going past a reveal. */
  const voteAndWait = async (page: HeadlessPage, key: string): Promise<void> => {
    const voted = await page.evaluate<number>(`Number(document.getElementById('progress').textContent.split(' ')[0])`)
    await page.press(key)
    await page.until(`document.getElementById('progress').textContent.startsWith('${voted + 1} of')`)
    if (await page.evaluate<boolean>(`!document.getElementById('reveal').hidden`)) await page.press('Enter')
    await page.until(`!document.getElementById('vote').hidden || !document.getElementById('done').hidden`)
  }

  it('two voters at once, by keys and by mouse, a reveal at the end of each round, XSS probes inert, every vote in SQLite', async () => {
    const [first, second] = [await HeadlessPage.launch(CHROMIUM!), await HeadlessPage.launch(CHROMIUM!)]
    pages.push(first, second)
    await Promise.all([first.open(`http://127.0.0.1:${port}/`), second.open(`http://127.0.0.1:${port}/`)])
    await first.until(`!document.getElementById('vote').hidden`)
    await second.until(`!document.getElementById('vote').hidden`)
    const [firstVoter, secondVoter] = [await voterOf(first), await voterOf(second)]
    expect(firstVoter).not.toBe(secondVoter)

    const choices: [HeadlessPage, string, () => Promise<void>, string][] = [
      [first, firstVoter, () => first.press('a'), 'A'],
      [second, secondVoter, () => second.click('button[data-choice="B"]'), 'B'],
      [first, firstVoter, () => first.click('button[data-choice="tie"]'), 'tie'],
      [second, secondVoter, () => second.press('4'), 'bothbad'],
      [first, firstVoter, () => first.press('ArrowRight'), 'B'],
    ]
    const expected = new Map<string, {item: string; choice: string}[]>([[firstVoter, []], [secondVoter, []]])
    for (const [page, voter, act, choice] of choices) {
      const item = await currentItem(page)
      await act()
      expected.get(voter)!.push({item, choice})
      await page.until(`document.getElementById('progress').textContent.startsWith('${expected.get(voter)!.length} of 15')`)
      expect(votesOf(voter)).toEqual(expected.get(voter))
    }
    // The first voter's third vote ended a round: the models are shown, and Enter goes on.
    await first.until(`!document.getElementById('reveal').hidden`)
    const revealed = await first.evaluate<string>(`document.getElementById('reveal-rows').textContent`)
    expect(revealed).toMatch(/m-(one|two|three)/)
    await first.press('Enter')
    await first.until(`!document.getElementById('vote').hidden`)

    for (const page of [first, second]) {
      expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined()
      expect(page.events.errors).toEqual([])
    }
  })

  it('shows answers as Markdown with their HTML as text', async () => {
    const page = pages[0]!
    // Vote until the code answer (q2) or a probe (q3) is on screen, then read what the page shows.
    for (let step = 0; step < 15; step += 1) {
      const text = await page.evaluate<string>(`document.getElementById('answer-a').textContent`)
      if (text.includes('<script>') || text.includes('<img')) break
      await voteAndWait(page, 't')
    }
    const shown = await page.evaluate<{text: string; elements: number; code: number}>(
      `({text: document.getElementById('answer-a').textContent + document.getElementById('answer-b').textContent,
         elements: document.querySelectorAll('#vote script, #vote img, #vote a').length,
         code: document.querySelectorAll('#vote pre code').length})`,
    )
    expect(shown.text).toMatch(/<script>|<img/)
    expect(shown.elements).toBe(0)
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined()
  })

  it('after a restart in the middle, every vote is there and each voter goes on where they were', async () => {
    const page = pages[1]!
    const voter = await voterOf(page)
    const before = votesOf(voter)
    const pending = await currentItem(page)
    await stop()
    await start()
    await page.open(`http://127.0.0.1:${port}/`)
    await page.until(`!document.getElementById('vote').hidden`)
    expect(await currentItem(page)).toBe(pending)
    expect(votesOf(voter)).toEqual(before)
    await page.press('b')
    await page.until(`document.getElementById('progress').textContent.startsWith('${before.length + 1} of 15')`)
    expect(votesOf(voter)).toEqual([...before, {item: pending, choice: 'B'}])
  })
})
