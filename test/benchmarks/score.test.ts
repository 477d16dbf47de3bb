import {readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {FIXTURES, failure, inScratchDirectory, prepared, reply, writeResults} from './support.js'
import type {BbqKey} from '../../src/core/benchmarks/bbq.js'
import type {ChoiceKey} from '../../src/core/benchmarks/multiple-choice.js'
import {scoreBenchmarkResults} from '../../src/core/benchmarks/score-benchmark.js'
import {judgeBatchName} from '../../src/core/batch/naming.js'
import {prepareJury} from '../../src/core/jury/jury.js'
import type {ResultLine} from '../../src/core/results/result.js'
import {readJudgeGroups} from '../../src/core/score/judge-groups.js'

inScratchDirectory()
const resampling = {resamples: 2000, seed: 0}

/** Any offered letter but the right one. */
function wrongLetter(key: ChoiceKey): string {
  return key.answer === 'A' ? 'B' : 'A'
}

async function score(name: string, lines: ResultLine[]) {
  return (await scoreBenchmarkResults({resultsFile: await writeResults(name, lines), ...resampling})).report
}

describe('scores on answers known in advance', () => {
  it('mmlu: 18 of 30 right, a refusal and an unparseable letter counted as wrong, per subject and over subjects', async () => {
    const {name, keys} = await prepared({benchmark: 'mmlu', datasetPath: join(FIXTURES, 'mmlu/data')})
    const lines = keys.map(({id, key}, index) => {
      const choice = key as ChoiceKey
      if (index === 1) return failure(id, 'refusal')
      if (index === 2) return reply(id, {answer: 'Z'})
      return reply(id, {answer: index % 3 === 0 ? wrongLetter(choice) : choice.answer})
    })
    const report = await score(name, lines)
    expect(report).toMatchObject({benchmark: 'mmlu', n: 30, score: 60, outcomes: {correct: 18, wrong: 10, refusal: 1, unparseable: 1}, mean_over_groups: 60})
    expect(report.groups.rows.map((row) => [row.group, row.n, row.score])).toEqual([
      ['abstract_algebra', 10, 40],
      ['anatomy', 10, 70],
      ['astronomy', 10, 70],
    ])
    expect(report['95% CI (±)']).toBeGreaterThan(10)
  })

  it('gsm8k: answers written as $70,000, 70000.00 or "18 dollars" are right; a wrong, a worded and a truncated one are not', async () => {
    const {name, keys} = await prepared({benchmark: 'gsm8k', datasetPath: join(FIXTURES, 'gsm8k/test_sample.jsonl')})
    const formats = [(n: string) => `$${Number(n).toLocaleString('en-US')}`, (n: string) => `${n}.00`, (n: string) => `${n} dollars`, (n: string) => n]
    const lines = keys.map(({id, key}, index) => {
      const gold = (key as {answer: string}).answer
      if (index === 5) return reply(id, {reasoning: '...', answer: String(Number(gold) + 1)})
      if (index === 6) return reply(id, {reasoning: '...', answer: 'eighteen'})
      if (index === 7) return failure(id, 'truncated', '{"reasoning": "First')
      return reply(id, {reasoning: '...', answer: formats[index % 4]!(gold)})
    })
    const report = await score(name, lines)
    expect(report).toMatchObject({n: 40, score: 92.5, outcomes: {correct: 37, wrong: 1, unparseable: 1, truncated: 1}})
  })

  it('truthfulqa-mc1: the true answer, listed first in the data, lands on seeded letters; 27 of 30 right', async () => {
    const {name, keys} = await prepared({benchmark: 'truthfulqa-mc1', datasetPath: join(FIXTURES, 'truthfulqa/mc_task_sample.json')})
    const letters = keys.map(({key}) => (key as ChoiceKey).answer)
    expect(new Set(letters).size).toBeGreaterThan(2)
    // The request shows the true answer (first in mc_task.json) under the key's letter.
    const data = JSON.parse(await readFile(join(FIXTURES, 'truthfulqa/mc_task_sample.json'), 'utf8')) as {mc1_targets: Record<string, number>}[]
    const batch = (await readFile(`processed_files/${name}.jsonl`, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as {body: {messages: {content: {text: string}[]}[]}})
    batch.forEach((line, index) => {
      const truth = Object.keys(data[index]!.mc1_targets)[0]!
      expect(line.body.messages[1]!.content[0]!.text).toContain(`${letters[index]}. ${truth}`)
    })
    const again = await prepared({benchmark: 'truthfulqa-mc1', datasetPath: join(FIXTURES, 'truthfulqa/mc_task_sample.json'), seed: 1, name: 'other_seed'})
    expect(again.keys.map(({key}) => (key as ChoiceKey).answer)).not.toEqual(letters)

    const lines = keys.map(({id, key}, index) => reply(id, {answer: index < 3 ? wrongLetter(key as ChoiceKey) : (key as ChoiceKey).answer}))
    expect(await score(name, lines)).toMatchObject({n: 30, score: 90, outcomes: {correct: 27, wrong: 3}})
  })

  it('hellaswag: every other ending right is 50.0', async () => {
    const {name, keys} = await prepared({benchmark: 'hellaswag', datasetPath: join(FIXTURES, 'hellaswag/val_sample.jsonl')})
    const lines = keys.map(({id, key}, index) => reply(id, {answer: index % 2 === 0 ? (key as ChoiceKey).answer : wrongLetter(key as ChoiceKey)}))
    expect(await score(name, lines)).toMatchObject({n: 30, score: 50, outcomes: {correct: 15, wrong: 15}})
  })

  it('medqa: 3 of 4 right, grouped by exam step', async () => {
    const {name, keys} = await prepared({benchmark: 'medqa', datasetPath: join(FIXTURES, 'medqa/medqa_sample.jsonl')})
    expect(keys.map(({key}) => (key as ChoiceKey).answer)).toEqual(['D', 'D', 'C', 'D'])
    const lines = keys.map(({id, key}, index) => reply(id, {answer: index === 1 ? 'A' : (key as ChoiceKey).answer}))
    const report = await score(name, lines)
    expect(report).toMatchObject({n: 4, score: 75})
    expect(report.groups.rows.map((row) => [row.group, row.n, row.score])).toEqual([
      ['step1', 3, 66.7],
      ['step2&3', 1, 100],
    ])
  })

  it('bbq: accuracy per context kind and the paper\'s bias scores, as computed by hand on the Religion sample', async () => {
    const {name, keys} = await prepared({benchmark: 'bbq', datasetPath: join(FIXTURES, 'bbq/Religion_sample.jsonl')})
    // A model that answers "unknown" on the ambiguous contexts of examples 0, 8, 16, 24, 32 and
    // otherwise the stereotype (the Muslim person for a negative question, the other person for a
    // non-negative one); on disambiguated contexts it is right, but refuses example 39.
    const lines = keys.map(({id, key}) => {
      const bbqKey = key as BbqKey
      const example = Number(id.split('-').at(-1))
      if (bbqKey.context === 'disambig') return example === 39 ? failure(id, 'refusal') : reply(id, {answer: bbqKey.answer})
      if (example % 8 === 0) return reply(id, {answer: bbqKey.unknown})
      const other = ['A', 'B', 'C'].find((letter) => letter !== bbqKey.unknown && letter !== bbqKey.target)!
      return reply(id, {answer: bbqKey.polarity === 'neg' ? bbqKey.target : other})
    })
    const report = await score(name, lines)
    // Ambiguous: 5 of 20 right (the unknown answers); the 15 others all biased, none counter-biased:
    // s_AMB = (1 - 5/20) x (2 x 15/15 - 1) = 0.75.
    // Disambiguated: 19 of 20 right; of the 19 answers, 10 are biased (neg questions whose answer is
    // the Muslim person, nonneg ones whose answer is the other) and 9 counter-biased:
    // s_DIS = 2 x 10/19 - 1 = 0.0526.
    expect(report).toMatchObject({n: 40, score: 60})
    const all = report.bbq!.find((row) => row.category === 'all')!
    expect(all.accuracy_ambiguous).toMatchObject({n: 20, score: 25})
    expect(all.accuracy_disambiguated).toMatchObject({n: 20, score: 95})
    expect(all.bias_ambiguous).toMatchObject({n: 20, score: 75})
    expect(all.bias_disambiguated).toMatchObject({n: 20, score: 5.3})
    expect(all.no_target).toBe(0)
    expect(report.bbq!.map((row) => row.category)).toEqual(['Religion', 'all'])
  })

  it('xstest: over-refusal and unsafe compliance from three judges, as computed by hand on the sample', async () => {
    const {name, keys} = await prepared({benchmark: 'xstest', datasetPath: join(FIXTURES, 'xstest/xstest_prompts_sample.csv'), maxTokens: 500})
    expect(keys.filter(({key}) => (key as {label: string}).label === 'safe')).toHaveLength(20)
    const lines = keys.map(({id}) => {
      if (id === 'xstest-3') return failure(id, 'refusal')
      if (id === 'xstest-45') return failure(id, 'missing')
      return {...reply(id, undefined), text: `An answer to ${id}.`, parsed: undefined}
    })
    const resultsFile = await writeResults(name, lines)
    const jury = await prepareJury({resultsFile})
    expect(jury.tally).toMatchObject({total: 40, as_returned: 38, not_judged: ['xstest-3', 'xstest-45']})
    const verdict = (id: string, judge: number): string => {
      const number = Number(id.slice('xstest-'.length))
      if ([1, 2, 4].includes(number)) return '2_full_refusal'
      if (number === 5) return judge === 2 ? '1_full_compliance' : '2_full_refusal'
      if (number <= 30) return '1_full_compliance'
      return number === 31 ? '3_partial_refusal' : '2_full_refusal'
    }
    for (const [index, batch] of jury.batches.entries()) {
      expect(batch.manifest.name).toBe(judgeBatchName(name, batch.judge.provider, batch.judge.model))
      const verdicts = lines.filter((line) => !['xstest-3', 'xstest-45'].includes(line.custom_id)).map((line) => reply(line.custom_id, {class: verdict(line.custom_id, index)}))
      await writeResults(batch.manifest.name, verdicts)
    }
    const report = (await scoreBenchmarkResults({resultsFile, ...resampling})).report
    // Safe: prompts 1, 2, 4 refused by every judge, 3 by the vendor, 5 by two judges of three:
    // (4 + 2/3) / 20 = 23.3. Unsafe: 26 to 30 complied with, 45 unclassified: 5 / 19 = 26.3.
    expect(report).toMatchObject({metric: 'over-refusal', higher_is_better: false, n: 20, score: 23.3})
    expect(report.xstest).toMatchObject({
      unsafe_compliance: {n: 19, score: 26.3},
      safe_full_refusal: {score: 23.3},
      safe_partial_refusal: {score: 0},
      vendor_refusals: 1,
      unclassified: [{id: 'xstest-45'}],
    })
    expect(report.xstest!.types.map((row) => [row.label, row.type, row.n])).toEqual([
      ['safe', 'homonyms', 20],
      ['unsafe', 'contrast_homonyms', 19],
    ])
    expect(report.xstest!.judges).toHaveLength(3)
    // Layton's score and compare read none of it: the answers and the judges' verdicts are a benchmark's, skipped and said so.
    const files = (await readdir('results')).filter((file) => file.endsWith('.jsonl')).map((file) => join('results', file))
    expect(files).toHaveLength(4)
    await expect(readJudgeGroups(files)).rejects.toThrow(/^no judge files among the 4 files given: .*\(standard benchmark\)/)
    await expect(readJudgeGroups(files, {optional: true})).resolves.toMatchObject({groups: [], predictions: []})
  })

  it('xstest refusals: no judge batch, a judge batch not downloaded or with a broken line, no safe prompt classified', async () => {
    const {name, keys} = await prepared({benchmark: 'xstest', datasetPath: join(FIXTURES, 'xstest/xstest_prompts_sample.csv'), maxTokens: 500, limit: 2})
    const resultsFile = await writeResults(name, keys.map(({id}) => ({...reply(id, undefined), text: `An answer to ${id}.`, parsed: undefined})))
    await expect(scoreBenchmarkResults({resultsFile, ...resampling})).rejects.toThrow(`${name} has no judge batches: run \`bench jury ${name} --start\`, then \`bench results\` for each judge`)
    const judges = (await prepareJury({resultsFile})).batches.map((batch) => batch.manifest.name)
    const judge = judges[0]!
    await expect(scoreBenchmarkResults({resultsFile, ...resampling})).rejects.toThrow(`the verdicts of judge batch ${judge} are not downloaded: run \`bench results ${judge}\``)
    // A broken line is named as such, not taken for a file never downloaded.
    await writeFile(join('results', `${judge}.jsonl`), '{"custom_id": \n')
    await expect(scoreBenchmarkResults({resultsFile, ...resampling})).rejects.toThrow(`results/${judge}.jsonl:1: `)
    for (const name of judges) await writeResults(name, keys.map(({id}) => reply(id, {class: 'no idea'})))
    await expect(scoreBenchmarkResults({resultsFile, ...resampling})).rejects.toThrow(`no safe prompt of ${name} has a classified answer: check the judge batches with \`bench list\``)
  })

  it('refuses results that are not a benchmark batch\'s, a results file not downloaded, and answers to questions the key lacks', async () => {
    await writeResults('stray', [])
    await expect(scoreBenchmarkResults({resultsFile: 'results/stray.jsonl', ...resampling})).rejects.toThrow(
      'results/stray.jsonl is not the results of a benchmark batch (no processed_files/stray.manifest.json with a benchmark): pass the results/<name>.jsonl of a batch prepared with --benchmark',
    )
    const {name, keys} = await prepared({benchmark: 'gsm8k', datasetPath: join(FIXTURES, 'gsm8k/test_sample.jsonl'), limit: 1})
    await expect(scoreBenchmarkResults({resultsFile: `results/${name}.jsonl`, ...resampling})).rejects.toThrow(`results/${name}.jsonl not found: download the answers with \`bench results ${name}\``)
    const resultsFile = await writeResults(name, [reply(keys[0]!.id, {reasoning: '', answer: '18'}), reply('gsm8k-9999', {reasoning: '', answer: '1'})])
    await expect(scoreBenchmarkResults({resultsFile, ...resampling})).rejects.toThrow(
      `${resultsFile} answers 1 questions not in the batch's answer key (e.g. "gsm8k-9999"): was the batch prepared again since? Run \`bench results ${name}\` again`,
    )
  })

  it('custom: multiple-choice and exact answers from your own JSONL', async () => {
    const {writeFile} = await import('node:fs/promises')
    await writeFile(
      'mine.jsonl',
      [
        {id: 'capital', question: 'Capital of France?', answer: 'Paris'},
        {question: 'How many legs has a spider?', answer: '8'},
        {question: 'Pick the even number', choices: ['3', '4', '5'], answer: '4', group: 'maths'},
        {question: 'Pick B', choices: ['x', 'y'], answer: 'B', group: 'maths'},
      ]
        .map((row) => JSON.stringify(row))
        .join('\n'),
    )
    const {name, keys} = await prepared({benchmark: 'custom', datasetPath: 'mine.jsonl'})
    expect(keys.map(({id}) => id)).toEqual(['capital', 'q-0002', 'q-0003', 'q-0004'])
    const report = await score(name, [reply('capital', {answer: ' paris '}), reply('q-0002', {answer: '8.0'}), reply('q-0003', {answer: 'B'}), reply('q-0004', {answer: 'A'})])
    expect(report).toMatchObject({n: 4, score: 75, outcomes: {correct: 3, wrong: 1}})
  })
})
