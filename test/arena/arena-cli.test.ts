import {spawn} from 'node:child_process'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {renderMarkdown} from '../../src/arena-server/markdown.js'
import type {ArenaRatingsReport} from '../../src/core/arena/arena-ratings.js'
import type {Ratings} from '../../src/core/arena/ratings.js'
import type {Responder} from '../../src/emulator/index.js'
import {BIN, scratchDir} from '../support/cli.js'
import {useBenchEmulator} from '../support/emulator.js'
import {MTBENCH} from '../support/fixtures.js'

/** Judges prefer gpt-4, then claude-v1, then alpaca-13b, whatever the order shown: their verdicts are known. */
const RANK: Record<string, number> = {'gpt-4': 3, 'claude-v1': 2, 'alpaca-13b': 1}
const ANSWER_OWNER = new Map<string, string>()
/** The page's HTML of each answer turn, and whose it is. */
const RENDERED_OWNER = new Map<string, string>()
const responder: Responder = (context) => {
  if (context.schema?.title !== 'PairwiseVerdict') return {text: 'not asked'}
  const text = context.texts.join('\n')
  const owner = (label: string): string => {
    const start = text.indexOf(`[The Start of Assistant ${label}'s Answer]\n`) + `[The Start of Assistant ${label}'s Answer]\n`.length
    const conversation = text.indexOf(`<|The Start of Assistant ${label}'s Conversation with User|>`)
    const body = conversation >= 0 ? text.slice(conversation, conversation + 400) : text.slice(start, start + 200)
    return [...ANSWER_OWNER].find(([snippet]) => body.includes(snippet))?.[1] ?? 'unknown'
  }
  const [a, b] = [RANK[owner('A')] ?? 0, RANK[owner('B')] ?? 0]
  return {text: JSON.stringify({reason: 'compared', winner: a > b ? 'A' : b > a ? 'B' : 'tie'})}
}

const bench = useBenchEmulator()

async function run<T>(cwd: string, args: string[]): Promise<T> {
  const result = await bench.bench(cwd, [...args, '--json'])
  expect(result.code, `bench ${args.join(' ')}: ${result.stderr}${result.stdout}`).toBe(0)
  return JSON.parse(result.stdout) as T
}

describe('the MT-bench samples end to end on the emulator', () => {
  it('pairs, judge batches of two vendors, votes through the server, ratings of people and judges side by side', {timeout: 240_000}, async () => {
    bench.emulator.setResponder(responder)
    const cwd = await scratchDir('bench-arena-')
    const {readFile} = await import('node:fs/promises')
    for (const model of Object.keys(RANK)) {
      for (const line of (await readFile(join(MTBENCH, 'model_answer', `${model}_sample.jsonl`), 'utf8')).trim().split('\n')) {
        const answer = JSON.parse(line) as {choices: {turns: string[]}[]}
        for (const turn of answer.choices[0]!.turns) {
          ANSWER_OWNER.set(turn.slice(0, 60), model)
          RENDERED_OWNER.set(renderMarkdown(turn), model)
        }
      }
    }
    await writeFile(join(cwd, 'judges.json'), JSON.stringify({panel_size: 2, judges: [{provider: 'openai', model: 'gpt-5.1'}, {provider: 'gemini', model: 'gemini-3-pro-preview'}]}))
    const pairs = await run<{pairs: number; items: number}>(cwd, ['arena', 'pairs', '--name', 'mt', '--questions', join(MTBENCH, 'question_sample.jsonl'), '--answers', join(MTBENCH, 'model_answer')])
    expect(pairs).toMatchObject({pairs: 30, items: 60})

    const refused = await bench.bench(cwd, ['arena', 'judge', 'mt', '--judges', 'judges.json', '--start', '--max-cost', '0.0001'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/exceeds --max-cost .*nothing was sent/)
    const judged = await run<{judges: {name: string; provider: string; requests: number; state: string}[]}>(cwd, ['arena', 'judge', 'mt', '--judges', 'judges.json', '--start'])
    // openai's judge leaves out the 20 items with gpt-4; gemini judges all 60, each in both orders.
    expect(judged.judges.map((judge) => [judge.provider, judge.requests, judge.state])).toEqual([['openai', 40, 'submitted'], ['gemini', 120, 'submitted']])
    for (const judge of judged.judges) await run(cwd, ['results', judge.name])

    // Two people vote through the server, both preferring claude-v1 to everything.
    const server = spawn(process.execPath, [BIN, 'arena', 'serve', 'mt', '--port', '0', '--round', '100'], {cwd, env: {...process.env, ...bench.env}, stdio: ['ignore', 'pipe', 'pipe']})
    const url = await new Promise<string>((resolve, reject) => {
      let output = ''
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const match = /open\s+(http:\/\/\S+)/.exec(output)
        if (match) resolve(match[1]!)
      })
      server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)))
    })
    const call = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
      const response = await fetch(new URL(path, url), {method, headers: {'Content-Type': 'application/json'}, body: body === undefined ? undefined : JSON.stringify(body)})
      return (await response.json()) as Record<string, unknown>
    }
    const record = JSON.parse(await readFile(join(cwd, 'arena', 'mt.arena.json'), 'utf8')) as {pairs: {id: string; model_a: string; model_b: string}[]}
    for (let person = 0; person < 2; person += 1) {
      const voter = (await call('POST', '/api/voter', {})).voter as string
      for (let vote = 0; vote < 60; vote += 1) {
        const next = (await call('GET', `/api/next?voter=${voter}`)).item as {id: string; a: string[]; b: string[]} | null
        if (next === null) break
        const pair = record.pairs.find((candidate) => next.id.startsWith(`${candidate.id}-`))!
        const shownA = RENDERED_OWNER.get(next.a.at(-1)!)!
        expect([pair.model_a, pair.model_b]).toContain(shownA)
        const choice = shownA === 'claude-v1' ? 'A' : [pair.model_a, pair.model_b].includes('claude-v1') ? 'B' : 'tie'
        await call('POST', '/api/vote', {voter, item: next.id, choice})
      }
    }
    server.kill('SIGINT')
    await new Promise((resolve) => server.once('exit', resolve))

    const report = await run<ArenaRatingsReport>(cwd, ['arena', 'ratings', 'mt', '--resamples', '200'])
    const top = (group: string): string => (report.groups.find((entry) => entry.group === group) as {ratings: Ratings}).ratings.models[0]!.model
    expect(top('judges')).toBe('gpt-4')
    expect(top('people')).toBe('claude-v1')
    expect(report.people).toEqual({votes: 120, voters: 2})
    const gemini = report.agreement.find((row) => row.first === 'gemini/gemini-3-pro-preview')!
    expect(gemini.with_ties.n).toBe(120)
    expect(report.agreement.find((row) => row.first === 'people')!.with_ties).toEqual({n: 60, agreement: 1})
    expect(report.position_bias.map((row) => row.flip_rate)).toEqual([0, 0])

    await run(cwd, ['arena', 'export', 'mt', '--votes', 'judges', '--out', 'judges.csv', '--format', 'csv'])
    const again = await run<{ratings: Ratings}>(cwd, ['arena', 'ratings', '--battles', 'judges.csv', '--resamples', '200'])
    const judges = (report.groups.find((entry) => entry.group === 'judges') as {ratings: Ratings}).ratings
    expect(again.ratings.models.map((row) => [row.model, row.rating])).toEqual(judges.models.map((row) => [row.model, row.rating]))
  })
})
