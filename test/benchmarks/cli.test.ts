import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {FIXTURES} from './support.js'
import {scratchDir} from '../support/cli.js'
import {MODEL, useBenchEmulator} from '../support/emulator.js'
import type {PreparedCard} from '../../src/cli/prepared-card.js'
import type {KeyLine} from '../../src/core/benchmarks/answer-key.js'
import type {BenchmarkRunOutcome} from '../../src/core/benchmarks/run-benchmark.js'
import type {BenchmarkScoreReport} from '../../src/core/benchmarks/score-benchmark.js'
import type {ResponderContext} from '../../src/emulator/index.js'
import {PROVIDER_NAMES} from '../../src/providers/names.js'

const bench = useBenchEmulator()

/** The reply each custom_id gets, set from a batch's answer key once it is prepared. */
const replies = new Map<string, (context: ResponderContext) => unknown>()

function answerFromKeys(keys: readonly KeyLine[], rule: (key: KeyLine, index: number) => unknown): void {
  keys.forEach((key, index) => replies.set(key.id, () => rule(key, index)))
  bench.emulator.setResponder((context) => {
    const isJudge = (context.schema?.properties as Record<string, unknown> | undefined)?.class !== undefined
    const reply = replies.get(isJudge ? `judge:${context.custom_id}` : context.custom_id)
    if (reply === undefined) return {text: 'no reply planned for this request'}
    const value = reply(context)
    return {text: typeof value === 'string' ? value : JSON.stringify(value)}
  })
}

async function keysOf(cwd: string, name: string): Promise<KeyLine[]> {
  const text = await readFile(join(cwd, 'processed_files', `${name}.key.jsonl`), 'utf8')
  return text.trim().split('\n').map((line) => JSON.parse(line) as KeyLine)
}

async function json<T>(cwd: string, args: string[]): Promise<T> {
  const result = await bench.bench(cwd, [...args, '--json'])
  expect(result.code, `bench ${args.join(' ')}: ${result.stderr}${result.stdout}`).toBe(0)
  return JSON.parse(result.stdout) as T
}

/**
 * `prepare`, then the answers planned from its answer key, then either each command in turn
 * (start, results, score) or `run`, which takes the prepared batch over and does the same in one process.
 */
async function chain(provider: string, benchmark: string, dataset: string, rule: (key: KeyLine, index: number) => unknown, stepByStep = false): Promise<BenchmarkScoreReport> {
  const cwd = await scratchDir()
  const flags = ['--benchmark', benchmark, '--dataset', dataset, '--provider', provider, '--model', MODEL, '--max-tokens', '1000']
  const card = await json<PreparedCard>(cwd, ['prepare', ...flags])
  answerFromKeys(await keysOf(cwd, card.name), rule)
  if (!stepByStep) return (await json<BenchmarkRunOutcome & {state: 'done'}>(cwd, ['run', ...flags, '--poll-seconds', '1', '--resamples', '1000'])).score
  await json(cwd, ['start', card.name])
  await json(cwd, ['results', card.name])
  const score = await bench.bench(cwd, ['score', '--results', `results/${card.name}.jsonl`])
  expect(score.code, score.stderr).toBe(0)
  expect(score.stdout).toMatch(/^\{"score": 50\.0, "95% CI \(±\)": [\d.]+\}\n$/)
  expect(score.stderr).toContain(`MMLU accuracy of ${provider}/${MODEL} (${card.name}): mean over 30 questions`)
  return json<BenchmarkScoreReport>(cwd, ['score', '--results', `results/${card.name}.jsonl`])
}

const mmluData = join(FIXTURES, 'mmlu/data')
const rightOnEven = ({key}: KeyLine, index: number) => {
  const answer = (key as {answer: string}).answer
  return {answer: index % 2 === 0 ? answer : answer === 'A' ? 'B' : 'A'}
}

describe('bench prepare/start/results/score --benchmark, against the emulator', () => {
  it.each(PROVIDER_NAMES)('mmlu on %s: 15 of 30 right through the vendor\'s own format is 50.0', async (provider) => {
    const report = await chain(provider, 'mmlu', mmluData, rightOnEven, provider === 'openai')
    expect(report).toMatchObject({benchmark: 'mmlu', n: 30, score: 50, outcomes: {correct: 15, wrong: 15}, model: {provider, model: MODEL}})
    expect(report.groups.rows).toHaveLength(3)
  })

  it.each([
    ['gsm8k', 'gsm8k/test_sample.jsonl', ({key}: KeyLine, index: number) => ({reasoning: 'r', answer: index < 30 ? `$${Number((key as {answer: string}).answer).toLocaleString('en-US')}` : 'many'}), 75],
    ['truthfulqa-mc1', 'truthfulqa/mc_task_sample.json', rightOnEven, 50],
    ['hellaswag', 'hellaswag/val_sample.jsonl', rightOnEven, 50],
    ['medqa', 'medqa/medqa_sample.jsonl', rightOnEven, 50],
    ['bbq', 'bbq/Religion_sample.jsonl', rightOnEven, 50],
  ] as const)('%s on mistral from the shared sample', async (benchmark, file, rule, expected) => {
    const report = await chain('mistral', benchmark, join(FIXTURES, file), rule)
    expect(report.score).toBe(expected)
  })

  it('mmlu --shots 2 puts the dev examples before each question', async () => {
    const cwd = await scratchDir()
    const card = await json<PreparedCard>(cwd, ['prepare', '--benchmark', 'mmlu', '--dataset', mmluData, '--shots', '2', '--provider', 'openai', '--model', MODEL, '--limit', '1'])
    expect(card.name).toBe(`mmlu_openai_${MODEL}_shots_2`)
    const line = JSON.parse(await readFile(join(cwd, card.files[0]!), 'utf8')) as {body: {messages: {content: {text: string}[]}[]}}
    const text = line.body.messages[1]!.content[0]!.text
    expect(text).toMatch(/^The following are multiple choice questions \(with answers\) about abstract algebra\.\n\nSynthetic worked example 1[^]*Answer: A\n\nSynthetic worked example 2[^]*Answer: B\n\nFind the degree/)
  })
})

describe('bench run --benchmark xstest: predictions, three judge batches and the score in one command', () => {
  it('classifies every answer with the panel and reports over-refusal', async () => {
    const cwd = await scratchDir()
    // Safe prompts 1 to 5 are refused (every judge says so), the rest answered; unsafe ones refused.
    replies.clear()
    for (let number = 1; number <= 45; number++) {
      replies.set(`xstest-${number}`, () => `Answer to prompt ${number}.`)
      replies.set(`judge:xstest-${number}`, () => ({class: number <= 5 || number > 25 ? '2_full_refusal' : '1_full_compliance'}))
    }
    answerFromKeys([], () => undefined)
    const outcome = await json<BenchmarkRunOutcome & {state: 'done'}>(cwd, [
      'run', '--benchmark', 'xstest', '--dataset', join(FIXTURES, 'xstest/xstest_prompts_sample.csv'),
      '--provider', 'openai', '--model', MODEL, '--poll-seconds', '1', '--resamples', '1000',
    ])
    expect(outcome.state).toBe('done')
    expect(outcome.record.judges).toHaveLength(3)
    expect(outcome.score).toMatchObject({benchmark: 'xstest', n: 20, score: 25, xstest: {unsafe_compliance: {n: 20, score: 0}}})
  })
})

describe('rows are checked where they enter', () => {
  it('a bad row names the file, the row and the field, and nothing is written', async () => {
    const cwd = await scratchDir()
    const {writeFile, readdir} = await import('node:fs/promises')
    const file = join(cwd, 'broken.jsonl')
    await writeFile(file, [JSON.stringify({question: 'q1', answer: 'x\n#### 3'}), JSON.stringify({question: 'q2', answer: 'no final answer'})].join('\n'))
    const result = await bench.bench(cwd, ['prepare', '--benchmark', 'gsm8k', '--dataset', file, '--provider', 'openai', '--model', MODEL])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(`Error: ${file}, line 2: field "answer" must end with "#### <number>", the final answer\n`)
    expect(await readdir(cwd)).toEqual(['broken.jsonl'])
  })
})
