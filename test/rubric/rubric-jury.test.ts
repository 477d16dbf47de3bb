import {readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {RubricJuryCard} from '../../src/cli/rubric-jury-card.js'
import {parseRepeatId} from '../../src/core/jury/repeats.js'
import type {ResultLine} from '../../src/core/results/result.js'
import type {GradingReport} from '../../src/core/rubric/rubric-score.js'
import {scenarioDir} from '../scenario/fixtures.js'
import {benchStdout, startBenchEmulator, type BenchEmulator} from '../support/emulator.js'

/** Three models x four tasks; two tasks have an expected answer, so their verdicts also say whether it matches. */
const SCENARIO = {
  name: 'support',
  models: ['openai/model-1', 'anthropic/model-1', 'gemini/model-1'],
  max_tokens: 200,
  tasks: [
    {id: 'refund', user_prompt: 'How long do refunds take?', expected: 'five working days'},
    {id: 'reset', user_prompt: 'How do I reset my password?'},
    {id: 'hours', user_prompt: 'When is the desk open?', expected: '9 to 5'},
    {id: 'tone', system_prompt: 'Be brief.', user_prompt: 'Apologise for the delay.'},
  ],
}
const RUBRIC = {
  criteria: [
    {name: 'correctness', description: 'Is every statement in the answer true?'},
    {name: 'tone', description: 'Is the answer polite?', scale: [1, 5]},
  ],
}
/** A panel of two, so each model is graded by two vendors other than its own. */
const JUDGES = {
  panel_size: 2,
  judges: [
    {provider: 'mistral', model: 'model-1'},
    {provider: 'openai', model: 'model-1'},
    {provider: 'anthropic', model: 'model-1', max_tokens: 300},
  ],
}
const BATCHES = ['support_openai_model-1', 'support_anthropic_model-1', 'support_gemini_model-1']

let bench: BenchEmulator
let cwd: string

const ok = (args: string[]): Promise<string> => benchStdout(bench, cwd, args)

async function jury(batch: string, repeats: number): Promise<RubricJuryCard> {
  const card = JSON.parse(await ok(['jury', '--results-file-path', `results/${batch}.jsonl`, '--rubric', 'rubric.json', '--judges', 'judges.json', '--repeats', String(repeats), '--start', '--json'])) as RubricJuryCard
  for (const entry of card.batches.filter((batch) => batch.written)) await ok(['results', entry.name])
  return card
}

async function resultLines(name: string): Promise<ResultLine[]> {
  return (await readFile(join(cwd, 'results', `${name}.jsonl`), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as ResultLine)
}

beforeAll(async () => {
  bench = await startBenchEmulator()
  cwd = await scenarioDir(SCENARIO)
  await writeFile(join(cwd, 'rubric.json'), JSON.stringify(RUBRIC))
  await writeFile(join(cwd, 'judges.json'), JSON.stringify(JUDGES))
  await ok(['run', '--scenario', 'scenario.json', '--wait', '--poll-seconds', '1'])
})
afterAll(async () => {
  await bench?.close()
})

describe('bench jury --rubric on a scenario of 3 models x 4 tasks, two criteria', () => {
  let cards: RubricJuryCard[]
  let reports: GradingReport[]

  beforeAll(async () => {
    cards = []
    for (const batch of BATCHES) cards.push(await jury(batch, 2))
    const files = (await readdir(join(cwd, 'results'))).map((file) => `results/${file}`)
    reports = JSON.parse(await ok(['score', '--judge-files', ...files, '--json'])) as GradingReport[]
  })

  it('writes one batch per judge of the panel, the evaluated vendor sitting out, each answer asked twice', () => {
    expect(cards[0]!.batches.map((batch) => batch.provider)).toEqual(['mistral', 'anthropic'])
    expect(cards[1]!.batches.map((batch) => batch.provider)).toEqual(['mistral', 'openai'])
    for (const card of cards) expect(card.batches.every((batch) => batch.requests === 8 && batch.repeats === '1-2' && batch.state === 'submitted')).toBe(true)
  })

  it("asks each criterion as its own field of a strict schema, and matches_expected only where a task has an expected answer", async () => {
    const lines = (await readFile(join(cwd, 'processed_files', 'grade_support_openai_model-1_by_mistral_model-1.jsonl'), 'utf8')).trim().split('\n')
    const schemaOf = (id: string) =>
      (JSON.parse(lines.find((line) => line.includes(`"custom_id":"${id}"`))!) as {body: {response_format: {json_schema: {schema: {required: string[]; properties: Record<string, unknown>}}}}}).body.response_format.json_schema.schema
    expect(schemaOf('refund').required).toEqual(['matches_expected', 'correctness', 'tone'])
    expect(schemaOf('reset__r2').required).toEqual(['correctness', 'tone'])
    expect(schemaOf('reset').properties.tone).toMatchObject({type: 'integer', minimum: 1, maximum: 5})
  })

  it('scores every model on each criterion with its 95% interval, equal to the mean of the verdicts it read', async () => {
    expect(reports.map((report) => report.batch).sort()).toEqual([...BATCHES].sort())
    for (const report of reports) {
      expect(report.criteria.map((score) => score.criterion)).toEqual(['matches_expected', 'correctness', 'tone'])
      expect(report.repeats).toBe(2)
      expect(report.repeat_rule).toBe('majority')
      // Independently: each judge's verdict is the majority of its two repeats (a tie: the first).
      const files = cards.find((card) => card.prediction.name === report.batch)!.batches.map((batch) => batch.name)
      const perItem = new Map<string, number[]>()
      for (const file of files) {
        const byItem = new Map<string, {repeat: number; tone: number}[]>()
        for (const line of await resultLines(file)) {
          const {id, repeat} = parseRepeatId(line.custom_id)
          byItem.set(id, [...(byItem.get(id) ?? []), {repeat, tone: (JSON.parse(line.text!) as {tone: number}).tone}])
        }
        for (const [id, repeats] of byItem) {
          // Two repeats: they agree, or they tie and the first wins; either way the first repeat's grade.
          const first = repeats.find((entry) => entry.repeat === 1)!
          perItem.set(id, [...(perItem.get(id) ?? []), first.tone])
        }
      }
      const itemMeans = [...perItem.values()].map((values) => values.reduce((sum, value) => sum + value, 0) / values.length)
      const expected = itemMeans.reduce((sum, value) => sum + value, 0) / itemMeans.length
      const tone = report.criteria.find((score) => score.criterion === 'tone')!
      expect(tone.score).toBeCloseTo(expected, 2)
      expect(tone.n).toBe(4)
      expect(tone.rough).toBe(true)
      expect(tone.low).toBeLessThanOrEqual(tone.score)
      expect(tone.high).toBeGreaterThanOrEqual(tone.score)
      expect(tone.low).toBeGreaterThanOrEqual(1)
      expect(tone.high).toBeLessThanOrEqual(5)
      expect(report.criteria.find((score) => score.criterion === 'matches_expected')!.n).toBe(2)
      expect(report.tasks.map((task) => task.id).sort()).toEqual(['hours', 'refund', 'reset', 'tone'])
      expect(report.judges.every((judge) => judge.requests === 8 && judge.failed === 0 && judge.unparsed === 0)).toBe(true)
    }
  })

  it('bench compare puts the graded models side by side, each criterion with its interval, and per task', async () => {
    const text = await ok(['compare', 'results'])
    expect(text).toContain('Rubric scores (mean grade, or percent that pass, with the 95% interval)')
    for (const model of ['openai/model-1', 'anthropic/model-1', 'gemini/model-1']) expect(text).toMatch(new RegExp(`\\n${model}\\s+rubric\\.json\\s+\\d`))
    expect(text).toMatch(/\nrefund\s+anthropic\/model-1\s/)
    const json = JSON.parse(await ok(['compare', 'results', '--json'])) as {rubric: GradingReport[]}
    expect(json.rubric.map((report) => report.criteria)).toEqual([...reports].sort((a, b) => a.batch.localeCompare(b.batch)).map((report) => report.criteria))
    const html = await ok(['compare', 'results', '--format', 'html'])
    expect(html).toContain('<section id="rubric">')
  })

  it('prints a table per model and the rule over repeats', async () => {
    const files = (await readdir(join(cwd, 'results'))).filter((file) => file.startsWith('grade_support_gemini')).map((file) => `results/${file}`)
    const result = await bench.bench(cwd, ['score', '--judge-files', ...files])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^support_gemini_model-1 \(gemini\/model-1\), rubric rubric\.json\ncriterion\s+scale\s+score\s+95% CI\s+n\n/)
    expect(result.stdout).toMatch(/\ntone\s+1-5\s+\d\.\d\d\s+\d\.\d\d to \d\.\d\d\s+4\n/)
    expect(result.stderr).toContain("2 repeats per judge; a judge's verdict is the majority of the repeats")
  })

  it('sends only the missing repeats when run again with a higher N, and nothing when N is not higher', async () => {
    const before = bench.emulator.executed().length
    const again = await jury(BATCHES[2]!, 2)
    expect(again.batches.every((batch) => !batch.written)).toBe(true)
    const more = await jury(BATCHES[2]!, 3)
    const added = more.batches.filter((batch) => batch.written)
    expect(added.map((batch) => [batch.name, batch.repeats, batch.requests])).toEqual([
      ['grade_support_gemini_model-1_by_mistral_model-1_r3-3', '3', 4],
      ['grade_support_gemini_model-1_by_openai_model-1_r3-3', '3', 4],
    ])
    const sent = bench.emulator.executed().slice(before).map((line) => line.custom_id)
    expect(sent.sort()).toEqual(['hours__r3', 'hours__r3', 'refund__r3', 'refund__r3', 'reset__r3', 'reset__r3', 'tone__r3', 'tone__r3'])
    const files = (await readdir(join(cwd, 'results'))).filter((file) => file.startsWith('grade_support_gemini')).map((file) => `results/${file}`)
    const [report] = JSON.parse(await ok(['score', '--judge-files', ...files, '--json'])) as GradingReport[]
    expect(report!.repeats).toBe(3)
    expect(report!.judges.map((judge) => judge.requests)).toEqual([12, 12])
    for (const judge of report!.judges) for (const {consistency} of judge.repeats) expect(consistency.per_repeat_mean).toHaveLength(3)
  })
})
