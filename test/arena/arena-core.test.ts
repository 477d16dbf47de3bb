import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {agreementBetween} from '../../src/core/arena/agreement.js'
import {BattleCounts, type PairTable} from '../../src/core/arena/battle-counts.js'
import type {Battle} from '../../src/core/arena/battles.js'
import {readBattlesFile} from '../../src/core/arena/battles-file.js'
import {findFragility} from '../../src/core/arena/fragility.js'
import {fitBradleyTerry} from '../../src/core/arena/bradley-terry.js'
import {readMtBench} from '../../src/core/arena/mtbench-files.js'
import {makePairs} from '../../src/core/arena/pairing.js'
import {combineOrders, strictVerdict} from '../../src/core/arena/verdicts.js'
import {MTBENCH} from '../support/fixtures.js'

const QUESTIONS = join(MTBENCH, 'question_sample.jsonl')
const ANSWERS = join(MTBENCH, 'model_answer')

describe('MT-bench files', () => {
  it('reads the sample: ten two-turn questions, three models, vendors guessed from the names', async () => {
    const set = await readMtBench(QUESTIONS, [ANSWERS], new Map())
    expect(set.prompts).toHaveLength(10)
    expect(set.prompts.every((prompt) => prompt.turns.length === 2)).toBe(true)
    expect(set.models).toEqual([
      {name: 'alpaca-13b', vendor_from: 'unknown'},
      {name: 'claude-v1', vendor: 'anthropic', vendor_from: 'model name'},
      {name: 'gpt-4', vendor: 'openai', vendor_from: 'model name'},
    ])
    expect(set.answers.get('gpt-4')?.get('81')?.[0]).toMatch(/^Title: Aloha, Hawaii!/)
  })

  it('refuses an answer line with the wrong number of turns, naming file, line and field', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bench-arena-'))
    const file = join(directory, 'bad.jsonl')
    await writeFile(file, '{"question_id": 81, "model_id": "m", "choices": [{"turns": ["only one"]}]}\n')
    await expect(readMtBench(QUESTIONS, [file], new Map())).rejects.toThrow(`${file}:1: field "choices[0].turns": has 1 answers, but question 81 has 2 turns`)
  })
})

describe('pairing', () => {
  it('makes every pair per prompt, each model against a baseline, or a seeded sample balanced across model pairs', async () => {
    const set = await readMtBench(QUESTIONS, [ANSWERS], new Map())
    expect(makePairs(set, {}).pairs).toHaveLength(30)
    const baseline = makePairs(set, {baseline: 'gpt-4'}).pairs
    expect(baseline).toHaveLength(20)
    expect(baseline.every((pair) => pair.model_a === 'gpt-4' || pair.model_b === 'gpt-4')).toBe(true)
    const sample = makePairs(set, {sample: {pairs: 13, seed: 4}}).pairs
    const perModelPair = new Map<string, number>()
    for (const pair of sample) perModelPair.set(`${pair.model_a}/${pair.model_b}`, (perModelPair.get(`${pair.model_a}/${pair.model_b}`) ?? 0) + 1)
    expect([...perModelPair.values()].sort()).toEqual([4, 4, 5])
    expect(makePairs(set, {sample: {pairs: 13, seed: 4}}).pairs).toEqual(sample)
    expect(makePairs(set, {sample: {pairs: 13, seed: 5}}).pairs).not.toEqual(sample)
    expect(() => makePairs(set, {sample: {pairs: 31, seed: 0}})).toThrow('--pairs 31 is more than the 30 pairs these answers allow')
  })
})

describe('verdicts', () => {
  it('reads only the strict schema', () => {
    expect(strictVerdict({reason: 'clearer', winner: 'A'})).toBe('A')
    expect(strictVerdict({reason: 'clearer', winner: 'a'})).toBeUndefined()
    expect(strictVerdict({winner: 'tie'})).toBeUndefined()
    expect(strictVerdict({reason: 'x', winner: 'B', confidence: 1})).toBeUndefined()
  })

  it("combines both orders by MT-bench's rule: a verdict that flips with the order is a tie", () => {
    expect(combineOrders('A', 'B')).toEqual({winner: 'model_a', consistency: 'consistent'})
    expect(combineOrders('B', 'A')).toEqual({winner: 'model_b', consistency: 'consistent'})
    expect(combineOrders('tie', 'tie')).toEqual({winner: 'tie', consistency: 'consistent'})
    expect(combineOrders('A', 'A')).toEqual({winner: 'tie', consistency: 'first position'})
    expect(combineOrders('B', 'B')).toEqual({winner: 'tie', consistency: 'second position'})
    expect(combineOrders('A', 'tie')).toEqual({winner: 'tie', consistency: 'other'})
  })
})

describe("MT-bench's agreement", () => {
  const battle = (who: string, source: Battle['source'], a: string, b: string, winner: Battle['winner'], question = '81'): Battle => ({
    model_a: a, model_b: b, winner, judge: who, source, arena: 'x', question_id: question, turn: 1, pair: 'p1',
  })
  const group = (entry: Battle): string => (entry.source === 'people' ? 'people' : entry.judge)

  it('compares each person with the judge, and every two people, on the same item, whatever order they saw', () => {
    const battles = [
      battle('gpt', 'judge', 'x', 'y', 'model_a'),
      battle('v1', 'people', 'y', 'x', 'model_b'), // x wins: agrees with the judge
      battle('v2', 'people', 'x', 'y', 'model_b'), // y wins: disagrees
      battle('v3', 'people', 'x', 'y', 'tie (bothbad)'), // a tie: only counted with ties
    ]
    expect(agreementBetween(battles, 'gpt', 'people', group)).toEqual({first: 'gpt', second: 'people', with_ties: {n: 3, agreement: 1 / 3}, without_ties: {n: 2, agreement: 1 / 2}})
    // People with people: v1-v2 disagree, v1-v3 and v2-v3 involve a tie.
    expect(agreementBetween(battles, 'people', 'people', group)).toEqual({first: 'people', second: 'people', with_ties: {n: 3, agreement: 0}, without_ties: {n: 1, agreement: 0}})
  })
})

describe('battles files', () => {
  it('reads JSONL and CSV alike into counts, and names a bad line', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bench-arena-'))
    await writeFile(join(directory, 'b.jsonl'), '{"model_a":"x","model_b":"y","winner":"model_a"}\n{"model_a":"y","model_b":"x","winner":"tie (bothbad)"}\n')
    await writeFile(join(directory, 'b.csv'), 'judge,model_a,model_b,winner\n"v,1",x,y,model_a\nv2,y,x,"tie (bothbad)"\n')
    for (const file of ['b.jsonl', 'b.csv']) {
      const {counts, summary} = await readBattlesFile(join(directory, file))
      expect(summary.lines).toBe(2)
      expect(counts.table().outcomes).toEqual(Float64Array.from([1, 0, 1]))
      expect(counts.bothBad).toBe(1)
    }
    await writeFile(join(directory, 'bad.jsonl'), '{"model_a":"x","model_b":"y","winner":"model_a"}\n{"model_a":"x","model_b":"y","winner":"a"}\n')
    await expect(readBattlesFile(join(directory, 'bad.jsonl'))).rejects.toThrow(/bad\.jsonl:2: field "winner": must be one of/)
  })
})

/** The fewest votes (up to `most`) whose removal puts another model strictly ahead of the top one, by trying every removal. */
function fewestVotesByBruteForce(table: PairTable, most: number): number | undefined {
  const strengths = fitBradleyTerry(table)
  const top = strengths.indexOf(Math.max(...strengths))
  const removals = (cells: number, votes: number): number[][] => (cells === 0 ? (votes === 0 ? [[]] : []) : Array.from({length: votes + 1}, (_, first) => removals(cells - 1, votes - first).map((rest) => [first, ...rest])).flat())
  for (let votes = 1; votes <= most; votes += 1) {
    for (const removal of removals(table.outcomes.length, votes)) {
      if (removal.some((count, cell) => count > table.outcomes[cell]!)) continue
      const refit = fitBradleyTerry({...table, outcomes: table.outcomes.map((count, cell) => count - removal[cell]!)})
      if (refit.some((strength, model) => model !== top && strength > refit[top]! + 1e-7)) return votes
    }
  }
  return undefined
}

describe('fragility', () => {
  it('finds the fewest votes whose removal changes the top model, checked by refitting', () => {
    const counts = new BattleCounts()
    counts.add('a', 'b', 'model_a', 12)
    counts.add('a', 'b', 'model_b', 10)
    counts.add('a', 'c', 'model_a', 8)
    counts.add('b', 'c', 'model_a', 8)
    counts.add('a', 'c', 'model_b', 2)
    counts.add('b', 'c', 'model_b', 2)
    const table = counts.table()
    const fragility = findFragility(table, fitBradleyTerry(table))
    expect(fragility).toMatchObject({top: 'a', new_top: 'b'})
    // Two of a's wins over b make a and b even (a tie keeps the top); a third tips it. Every
    // removal of up to 3 votes, tried one by one, agrees that 3 is the fewest.
    expect(fragility.votes).toBe(3)
    expect(fewestVotesByBruteForce(table, 3)).toBe(3)
    const removed = fragility.removed!.reduce((sum, entry) => sum + entry.count, 0)
    expect(removed).toBe(fragility.votes)
  })
})

describe('battles files, read from their bytes or through JSON.parse', () => {
  it('counts the same battles whichever way a line is read: escapes, duplicates, spacing, blank lines, CRLF', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bench-arena-'))
    const lines = [
      '{"model_a":"gpt-4","model_b":"claude","winner":"model_a"}', // read from its bytes
      '{"model_a":"gpt\\u002d4","model_b":"claude","winner":"model_b"}', // an escape: JSON.parse, the same model
      '',
      ' {"winner":"tie","model_b":"gpt-4","model_a":"claude","model_a":"claude"}\r',
      '{"model_a":"gpt-4","model_b":"gpt-4","winner":"tie"}', // itself: counted apart
      '{"model_a":"gpt-4","model_b":"claude","winner":"model_a","extra":{"nested":[1,2,{"a":null}]}}',
    ]
    await writeFile(join(directory, 'mixed.jsonl'), lines.join('\n'))
    const {counts, summary} = await readBattlesFile(join(directory, 'mixed.jsonl'))
    expect(counts.models).toEqual(['gpt-4', 'claude'])
    // gpt-4 against claude: 2 wins, 1 loss, 1 tie.
    expect([...counts.table().outcomes]).toEqual([2, 1, 1])
    expect(summary).toMatchObject({lines: 5, self_battles: 1})
  })

  it('names the line and the field when a line is wrong, as JSON.parse reads it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bench-arena-'))
    const cases: [string, RegExp][] = [
      ['{"model_a":"x","model_b":"y","winner":"Model_A"}', /bad\.jsonl:2: field "winner": must be one of "model_a", "model_b", "tie", "tie \(bothbad\)", got "Model_A"/],
      ['{"model_a":"","model_b":"y","winner":"tie"}', /bad\.jsonl:2: field "model_a": must be a model name/],
      ['{"model_a":"x","model_b":"y","winner":"tie"', /bad\.jsonl:2: not valid JSON/],
      ['{"model_a":"x","model_b":"y","winner":"tie"}{"model_a":"x"}', /bad\.jsonl:2: not valid JSON/],
      ['{"model_a":"x","model_b":7,"winner":"tie"}', /bad\.jsonl:2: field "model_b": must be a model name/],
    ]
    for (const [line, error] of cases) {
      await writeFile(join(directory, 'bad.jsonl'), `{"model_a":"x","model_b":"y","winner":"tie"}\n${line}\n`)
      await expect(readBattlesFile(join(directory, 'bad.jsonl')), line).rejects.toThrow(error)
    }
  })
})
