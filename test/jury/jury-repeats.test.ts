import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {JuryCard} from '../../src/cli/jury-card.js'
import type {CompareReport} from '../../src/core/compare/compare.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import {parseRepeatId} from '../../src/core/jury/repeats.js'
import type {ResultLine} from '../../src/core/results/result.js'
import type {ScoreReport} from '../../src/core/score/score.js'
import {scratchDir} from '../support/cli.js'
import {benchStdout, startBenchEmulator, type BenchEmulator} from '../support/emulator.js'

/**
 * Issue 18, Repeats, on the Layton jury: a Mistral model's answers judged three times by each of
 * the three default judges (OpenAI, Gemini, Anthropic), the emulator answering a share of the
 * repeats afresh so that the judges disagree with themselves; then a fourth repeat added.
 */
const NAME = 'benchmark_mistral_mistral-large-2512_full_hints_0'
/** Anthropic refuses a custom_id with a dot: bench sends it a safe id and maps it back. */
const DOTTED = 'S.03'
const REFUSED = 'S-05'
const JUDGES = ['openai_gpt-5-1', 'gemini_gemini-3-pro-preview', 'anthropic_claude-opus-4-5']
/** `bench score` lists the judges in the order of the files given: results/*.jsonl sorts them by name. */
const SCORED = [...JUDGES].sort()
const baseName = (judge: string) => `judge_mistral_mistral-large-2512_full_hints_0_by_${judge}`

let bench: BenchEmulator
let cwd: string

const ok = (args: string[]): Promise<string> => benchStdout(bench, cwd, args)

/** `bench jury NAME --repeats N`, then the results of each batch it sent. */
async function jury(repeats: number, start = true): Promise<JuryCard> {
  const card = JSON.parse(await ok(['jury', NAME, '--repeats', String(repeats), ...(start ? ['--start'] : []), '--json'])) as JuryCard
  for (const batch of card.judges.filter((entry) => entry.written)) await ok(['results', batch.name])
  return card
}

async function resultFiles(): Promise<string[]> {
  return (await readdir(join(cwd, 'results'))).map((file) => `results/${file}`)
}

async function score(): Promise<ScoreReport> {
  return JSON.parse(await ok(['score', '--judge-files', ...(await resultFiles()), '--json'])) as ScoreReport
}

/** Each judge's verdicts straight from its results files: riddle -> both_correct per repeat, and the two fields per repeat. */
async function verdictsOf(judge: string): Promise<Map<string, {answer: boolean; justification: boolean}[]>> {
  const verdicts = new Map<string, {answer: boolean; justification: boolean}[]>()
  for (const file of (await readdir(join(cwd, 'results'))).filter((entry) => entry.startsWith(baseName(judge)))) {
    for (const text of (await readFile(join(cwd, 'results', file), 'utf8')).trim().split('\n')) {
      const line = JSON.parse(text) as ResultLine
      const {id, repeat} = parseRepeatId(line.custom_id)
      const verdict = JSON.parse(line.text!) as {is_answer_correct: boolean; is_justification_correct: boolean}
      const repeats = verdicts.get(id) ?? []
      repeats[repeat - 1] = {answer: verdict.is_answer_correct, justification: verdict.is_justification_correct}
      verdicts.set(id, repeats)
    }
  }
  return verdicts
}

/** Fleiss' kappa by its textbook formula, two categories, every riddle rated by every repeat. */
function fleiss(rows: boolean[][]): number | null {
  const raters = rows[0]!.length
  const agreement = rows.map((row) => {
    const yes = row.filter(Boolean).length
    return (yes * yes + (raters - yes) * (raters - yes) - raters) / (raters * (raters - 1))
  })
  const observed = agreement.reduce((sum, value) => sum + value, 0) / rows.length
  const yesShare = rows.flat().filter(Boolean).length / (rows.length * raters)
  const chance = yesShare * yesShare + (1 - yesShare) * (1 - yesShare)
  return chance === 1 ? null : (observed - chance) / (1 - chance)
}

/** The majority of the repeats, a tie to the earliest. */
function majority(values: boolean[]): boolean {
  const yes = values.filter(Boolean).length
  return yes * 2 === values.length ? values[0]! : yes * 2 > values.length
}

const tenth = (value: number) => Math.round(10 * value) / 10

/** What `bench score` must say, worked out from the judge results files alone. */
async function byHand(repeats: number) {
  const judges = await Promise.all(SCORED.map(verdictsOf))
  const riddles = [...judges[0]!.keys()]
  const perJudge = judges.map((verdicts) => {
    const both = riddles.map((id) => verdicts.get(id)!.slice(0, repeats).map((verdict) => verdict.answer && verdict.justification))
    return {
      all_agree: both.filter((row) => row.every((value) => value === row[0])).length / both.length,
      fleiss_kappa: fleiss(both),
      per_repeat_mean: Array.from({length: repeats}, (_, repeat) => tenth((100 * both.filter((row) => row[repeat]).length) / both.length)),
      ruled: new Map(riddles.map((id) => {
        const own = verdicts.get(id)!.slice(0, repeats)
        return [id, majority(own.map((verdict) => verdict.answer)) && majority(own.map((verdict) => verdict.justification))]
      })),
    }
  })
  // The jury value of a riddle is the mean of its judges' verdicts; the refused answer counts 0.
  const juryScore = (verdict: (judge: number, id: string) => boolean): number => {
    const values = riddles.map((id) => perJudge.filter((_, judge) => verdict(judge, id)).length / perJudge.length)
    return (100 * values.reduce((sum, value) => sum + value, 0)) / (riddles.length + 1)
  }
  return {
    perJudge,
    score: juryScore((judge, id) => perJudge[judge]!.ruled.get(id)!),
    perRepeat: Array.from({length: repeats}, (_, repeat) => juryScore((judge, id) => {
      const verdict = judges[judge]!.get(id)![repeat]!
      return verdict.answer && verdict.justification
    })),
  }
}

beforeAll(async () => {
  bench = await startBenchEmulator({repeatDisagreement: 0.4})
  cwd = await scratchDir('bench-repeats-')
  const riddles = (await readFile(SAMPLE_DATASET_PATH, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as {id: string})
  const renamed = riddles.map((riddle) => (riddle.id === 'S-03' ? {...riddle, id: DOTTED} : riddle))
  await writeFile(join(cwd, 'riddles.jsonl'), renamed.map((riddle) => JSON.stringify(riddle)).join('\n') + '\n')
  await ok(['prepare', '--dataset', 'riddles.jsonl', '--split', 'full', '--provider', 'mistral', '--model', 'mistral-large-2512', '--max-tokens', '1000'])
  // The model's answers, written as `bench results` would: one refused, never sent to the judges.
  const answers = renamed.map((riddle) =>
    riddle.id === REFUSED
      ? {custom_id: riddle.id, ok: false, error: {code: 'refusal', message: 'I cannot help with that.'}, provider: 'mistral', model: 'mistral-large-2512'}
      : {custom_id: riddle.id, ok: true, text: JSON.stringify({justification: `because ${riddle.id}`, answer: `answer ${riddle.id}`}), provider: 'mistral', model: 'mistral-large-2512'},
  )
  await mkdir(join(cwd, 'results'))
  await writeFile(join(cwd, 'results', `${NAME}.jsonl`), answers.map((answer) => JSON.stringify(answer)).join('\n') + '\n')
})
afterAll(async () => {
  await bench?.close()
})

describe('bench jury --repeats 3 on a Layton batch, the three default judges, then --repeats 4', () => {
  let card: JuryCard
  let report: ScoreReport

  beforeAll(async () => {
    card = await jury(3)
    report = await score()
  })

  it('sends one batch per judge holding three lines per prediction, the refused one left out', () => {
    expect(card.judges.map((judge) => [judge.name, judge.repeats, judge.requests, judge.state])).toEqual(JUDGES.map((judge) => [baseName(judge), '1-3', 33, 'submitted']))
    expect(card.repeats).toBe(3)
    expect(card.repeat_rule).toMatch(/^the majority of the repeats \(a tie goes to the earliest repeat among the tied values\), field by field/)
  })

  it("maps the ids Anthropic could not take back, every repeat's", async () => {
    const map = JSON.parse(await readFile(join(cwd, 'processed_files', `${baseName('anthropic_claude-opus-4-5')}.id-map.json`), 'utf8')) as {ids: Record<string, string>}
    expect(Object.values(map.ids).sort()).toEqual([DOTTED, `${DOTTED}__r2`, `${DOTTED}__r3`])
    const verdicts = await verdictsOf('anthropic_claude-opus-4-5')
    expect(verdicts.get(DOTTED)).toHaveLength(3)
    expect(verdicts.size).toBe(11)
  })

  it("gives each judge's self-agreement, Fleiss' kappa and per-repeat scores equal to a computation from its results files", async () => {
    const expected = await byHand(3)
    expect(report.repeats!.rule).toBe('majority')
    expect(report.repeats!.judges.map((judge) => judge.files)).toEqual(SCORED.map((judge) => [`results/${baseName(judge)}.jsonl`]))
    report.repeats!.judges.forEach((judge, index) => {
      const own = expected.perJudge[index]!
      expect(judge.consistency.repeats).toBe(3)
      expect(judge.consistency.complete_items).toBe(11)
      expect(judge.consistency.all_agree).toBeCloseTo(own.all_agree, 10)
      expect(judge.consistency.fleiss_kappa).toBeCloseTo(own.fleiss_kappa!, 10)
      expect(judge.consistency.per_repeat_mean).toEqual(own.per_repeat_mean)
    })
    // The emulator made the judges disagree with themselves.
    expect(report.repeats!.judges.some((judge) => judge.consistency.all_agree! < 1)).toBe(true)
    expect(report.n).toBe(12)
    expect(report.withheld.refusal).toBe(1)
    expect(report.judges).toHaveLength(3)
    expect(Math.abs(report.score - expected.score)).toBeLessThanOrEqual(0.05 + 1e-9)
    report.repeats!.per_repeat_score.forEach((alone, repeat) => expect(Math.abs(alone!.score - expected.perRepeat[repeat]!)).toBeLessThanOrEqual(0.05 + 1e-9))
  })

  it('prints the one score line, and the rule and each judge in the notes', async () => {
    const result = await bench.bench(cwd, ['score', '--judge-files', ...(await resultFiles())])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe(`{"score": ${report.score.toFixed(1)}, "95% CI (±)": ${report['95% CI (±)'].toFixed(1)}}\n`)
    expect(result.stderr).toContain("3 repeats per judge; a judge's verdict is the majority of the repeats")
    expect(result.stderr).toMatch(/judge openai\/gpt-5\.1: all 3 repeats agree on \d+% of 11 riddles, Fleiss' kappa -?\d\.\d\d; each repeat alone: [\d.]+ · [\d.]+ · [\d.]+/)
  })

  it('compares the model on the ruled verdicts, as bench score does', async () => {
    const compared = JSON.parse(await ok(['compare', 'results', '--json'])) as CompareReport
    expect(compared.leaderboard.map((row) => row.score)).toEqual([report.score])
    expect(compared.warnings.join('\n')).toContain(`${NAME}: 3 repeats per judge; a judge's verdict is the majority`)
  })

  it('sends nothing for the same N, and only the fourth repeat for N = 4', async () => {
    const before = bench.emulator.executed().length
    const again = await jury(3, false)
    expect(again.judges.every((judge) => !judge.written && judge.state === 'submitted')).toBe(true)
    const more = await jury(4)
    const added = more.judges.filter((judge) => judge.written)
    expect(added.map((judge) => [judge.name, judge.repeats, judge.requests])).toEqual(JUDGES.map((judge) => [`${baseName(judge)}_r4-4`, '4', 11]))
    const sent = bench.emulator.executed().slice(before)
    expect(sent).toHaveLength(33)
    expect(sent.every((line) => line.custom_id.includes('__r4'))).toBe(true)

    const four = await score()
    const expected = await byHand(4)
    expect(four.repeats!.judges.map((judge) => judge.files)).toEqual(SCORED.map((judge) => [`results/${baseName(judge)}.jsonl`, `results/${baseName(judge)}_r4-4.jsonl`]))
    four.repeats!.judges.forEach((judge, index) => {
      expect(judge.consistency.all_agree).toBeCloseTo(expected.perJudge[index]!.all_agree, 10)
      expect(judge.consistency.per_repeat_mean).toEqual(expected.perJudge[index]!.per_repeat_mean)
    })
    expect(Math.abs(four.score - expected.score)).toBeLessThanOrEqual(0.05 + 1e-9)
  })
})
