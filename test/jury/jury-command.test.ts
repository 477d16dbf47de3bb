import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {runBench, scratchDir} from '../support/cli.js'
import type {JuryCard} from '../../src/cli/jury-card.js'
import type {BatchManifest} from '../../src/core/batch/manifest.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import type {ResultLine} from '../../src/core/results/result.js'
import type {ProviderName} from '../../src/providers/names.js'

const NAME = 'benchmark_openai_gpt-4-1_full_hints_1'
const RESULTS = `results/${NAME}.jsonl`

/** What the evaluated model "answered" for the first riddles of the sample; the rest answer cleanly. */
const ANSWERS: Record<string, Partial<ResultLine>> = {
  'S-02': {text: 'Sure!\n```json\n{"justification": "counted", "answer": "7"}\n```'},
  'S-03': {text: "{'justification': 'by symmetry', 'answer': 'the left one'}"},
  'S-04': {text: 'I believe the answer is 12.'},
  'S-05': {ok: false, text: undefined, error: {code: 'expired', message: 'the batch expired before this request ran'}},
  // Refused, blocked and truncated answers are never sent to the judges (issue 13 §1).
  'S-06': {ok: false, text: undefined, error: {code: 'refusal', message: "I'm sorry, I can't help with that."}},
  'S-07': {ok: false, text: undefined, error: {code: 'safety', message: 'finishReason SAFETY'}},
  'S-08': {ok: false, text: '{"justification": "first I cou', error: {code: 'truncated', message: 'stopped at max_tokens'}},
}

/** The riddles the judges are asked about: all but the withheld ones. */
const WITHHELD = ['S-06', 'S-07', 'S-08']

function resultLine(id: string): ResultLine {
  return {custom_id: id, ok: true, text: JSON.stringify({justification: `why ${id}`, answer: `answer ${id}`}), model: 'gpt-4.1', provider: 'openai', ...ANSWERS[id]}
}

const sampleIds = (await readFile(SAMPLE_DATASET_PATH, 'utf8'))
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as {id: string}).id)

/** A directory with the sample prepared for openai gpt-4.1 and results written for it. */
async function preparedDirectory(lines: ResultLine[] = sampleIds.map(resultLine)): Promise<string> {
  const cwd = await scratchDir()
  const prepared = await runBench(['prepare', '--dataset', SAMPLE_DATASET_PATH, '--split', 'full', '--hints', '1', '--provider', 'openai', '--model', 'gpt-4.1'], {cwd})
  expect(prepared.code, prepared.stderr).toBe(0)
  await mkdir(join(cwd, 'results'))
  await writeFile(join(cwd, RESULTS), lines.map((line) => JSON.stringify(line)).join('\n') + '\n')
  return cwd
}

async function lines(cwd: string, file: string): Promise<string[]> {
  return (await readFile(join(cwd, file), 'utf8')).trim().split('\n')
}

/** A content part of any vendor: only text parts have `text`. */
interface Part {
  text?: string
}

/** The fields of each vendor's judge line that this test reads. */
interface GeminiJudgeLine {
  key: string
  request: {generationConfig: {responseJsonSchema: {title: string}; thinkingConfig: unknown}; contents: {parts: Part[]}[]}
}
interface AnthropicJudgeLine {
  custom_id: string
  params: {model: string; max_tokens: number; thinking: unknown; output_config: {format: {schema: {title: string}}}; messages: {content: Part[]}[]}
}
interface MistralJudgeLine {
  custom_id: string
  body: {response_format: {json_schema: {name: string; strict: boolean}}; messages: {content: Part[]}[]}
}

function texts(parts: Part[] | undefined): string[] {
  return (parts ?? []).flatMap((part) => (part.text === undefined ? [] : [part.text]))
}

/** Per vendor: the id, the model, the settings and the user's text parts of one judge line. */
const VENDOR_LINE: Record<string, (text: string) => {id: string; model?: string; schema: unknown; settings: unknown; texts: string[]}> = {
  gemini: (text) => {
    const line = JSON.parse(text) as GeminiJudgeLine
    return {
      id: line.key,
      schema: line.request.generationConfig.responseJsonSchema.title,
      settings: line.request.generationConfig.thinkingConfig,
      texts: texts(line.request.contents[0]?.parts),
    }
  },
  anthropic: (text) => {
    const line = JSON.parse(text) as AnthropicJudgeLine
    return {
      id: line.custom_id,
      model: line.params.model,
      schema: line.params.output_config.format.schema.title,
      settings: {max_tokens: line.params.max_tokens, thinking: line.params.thinking},
      texts: texts(line.params.messages[0]?.content),
    }
  },
  mistral: (text) => {
    const line = JSON.parse(text) as MistralJudgeLine
    return {
      id: line.custom_id,
      schema: line.body.response_format.json_schema.name,
      settings: {strict: line.body.response_format.json_schema.strict},
      texts: texts(line.body.messages[1]?.content),
    }
  },
}

const JUDGES: {provider: ProviderName; model: string; settings: unknown}[] = [
  {provider: 'gemini', model: 'gemini-3-pro-preview', settings: {thinkingLevel: 'HIGH'}},
  {provider: 'anthropic', model: 'claude-opus-4-5', settings: {max_tokens: 64000, thinking: {type: 'enabled', budget_tokens: 32000}}},
  {provider: 'mistral', model: 'mistral-large-2512', settings: {strict: true}},
]

describe('bench jury on the results of an openai model', () => {
  let cwd: string
  let card: JuryCard
  beforeAll(async () => {
    cwd = await preparedDirectory()
    // By the prediction batch's NAME, as the other batch commands; --results-file-path in the cases below.
    const result = await runBench(['jury', NAME, '--json'], {cwd})
    expect(result.code, result.stderr).toBe(0)
    card = JSON.parse(result.stdout) as JuryCard
  })

  it('seats Gemini, Anthropic and Mistral and names their batches by convention', () => {
    expect(card.judges.map((judge) => judge.name)).toEqual(JUDGES.map((judge) => `judge_openai_gpt-4-1_full_hints_1_by_${judge.provider}_${judge.model}`))
    expect(card.sitting_out).toEqual([{provider: 'openai', model: 'gpt-5.1', reason: 'evaluated vendor'}])
    expect(card.next).toContain(`bench start judge_openai_gpt-4-1_full_hints_1_by_gemini_gemini-3-pro-preview`)
  })

  it('counts repaired predictions, those judged with empty fields and those withheld from the judges, dropping none', () => {
    expect(card.predictions).toEqual({
      total: 12,
      as_returned: 5,
      repaired: 2,
      failed: 1,
      unreadable: 1,
      failed_codes: {expired: 1},
      withheld: {refusal: ['S-06'], safety: ['S-07'], recitation: [], truncated: ['S-08']},
      repaired_ids: ['S-02', 'S-03'],
      empty_ids: ['S-04', 'S-05'],
    })
    expect(card.judges.every((judge) => judge.requests === 9 && judge.state === 'prepared')).toBe(true)
  })

  it.each(JUDGES)('writes a $provider batch record that says what it judges', async ({provider, model}) => {
    const name = `judge_openai_gpt-4-1_full_hints_1_by_${provider}_${model}`
    const manifest = JSON.parse(await readFile(join(cwd, 'processed_files', `${name}.manifest.json`), 'utf8')) as BatchManifest
    expect(manifest).toMatchObject({kind: 'judge', provider, model, state: 'prepared', requests: 9, hints: 1})
    expect(manifest.dataset).toEqual({source: 'file', path: SAMPLE_DATASET_PATH, split: 'full'})
    expect(manifest.judge_of).toEqual({
      batch: NAME,
      results_file: RESULTS,
      provider: 'openai',
      model: 'gpt-4.1',
      split: 'full',
      hints: 1,
      withheld: {refusal: ['S-06'], safety: ['S-07'], recitation: [], truncated: ['S-08']},
    })
  })

  it.each(JUDGES)('writes lines in the $provider format, with the judgement schema and each prediction', async ({provider, model, settings}) => {
    const parsed = (await lines(cwd, `processed_files/judge_openai_gpt-4-1_full_hints_1_by_${provider}_${model}.jsonl`)).map(VENDOR_LINE[provider]!)
    expect(parsed.map((line) => line.id)).toEqual(sampleIds.filter((id) => !WITHHELD.includes(id)))
    for (const line of parsed) {
      expect(line.schema).toBe('BenchmarkJudgement')
      expect(line.settings).toEqual(settings)
      if (line.model !== undefined) expect(line.model).toBe(model)
    }
    const participant = (id: string) => parsed.find((line) => line.id === id)!.texts.filter((text) => text.startsWith('Participant '))
    expect(participant('S-01')).toEqual(['Participant answer: answer S-01', 'Participant justification: why S-01'])
    expect(participant('S-02')).toEqual(['Participant answer: 7', 'Participant justification: counted'])
    expect(participant('S-03')).toEqual(['Participant answer: the left one', 'Participant justification: by symmetry'])
    expect(participant('S-04')).toEqual(['Participant answer: ', 'Participant justification: '])
    expect(participant('S-05')).toEqual(['Participant answer: ', 'Participant justification: '])
  })

  it('prints a card listing the three batches and what to run next', async () => {
    const result = await runBench(['jury', '--results-file-path', RESULTS], {cwd})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(
      '12: 5 as returned · 2 repaired · 2 judged with empty fields (1 failed: 1 expired, 1 unreadable) · 3 not judged, counted incorrect (1 refusal · 1 safety · 1 truncated)',
    )
    expect(result.stdout).toMatch(/not judged +refusal: S-06\n +safety: S-07\n +truncated: S-08/)
    expect(result.stdout).toContain('sitting out   openai · gpt-5.1 (evaluated vendor)')
    for (const {provider, model} of JUDGES) expect(result.stdout).toContain(`bench start judge_openai_gpt-4-1_full_hints_1_by_${provider}_${model}`)
    expect(result.stdout).toMatch(/bench score --judge-files results\/judge_\S+gemini\S+\.jsonl results\/judge_\S+anthropic\S+\.jsonl results\/judge_\S+mistral\S+\.jsonl/)
  })
})

describe('bench jury with --judges', () => {
  it('seats the panel of the given file', async () => {
    const cwd = await preparedDirectory()
    await writeFile(
      join(cwd, 'judges.json'),
      JSON.stringify({panel_size: 2, judges: [{provider: 'openai', model: 'gpt-5.2'}, {provider: 'groq', model: 'kimi-k2'}, {provider: 'together', model: 'qwen3'}]}),
    )
    const result = await runBench(['jury', '--results-file-path', RESULTS, '--judges', 'judges.json', '--json'], {cwd})
    expect(result.code, result.stderr).toBe(0)
    const card = JSON.parse(result.stdout) as JuryCard
    expect(card.judges.map((judge) => judge.name)).toEqual(['judge_openai_gpt-4-1_full_hints_1_by_groq_kimi-k2', 'judge_openai_gpt-4-1_full_hints_1_by_together_qwen3'])
    expect(card.judges_file).toBe('judges.json')
  })
})

describe('bench jury refuses bad input with one line, a non-zero exit, and no judge batch written', () => {
  const cases: {title: string; setUp: (cwd: string) => Promise<string[]> | string[]; message: RegExp}[] = [
    {
      title: 'a prediction whose riddle is not in the dataset',
      setUp: async (cwd) => {
        await writeFile(join(cwd, RESULTS), [...sampleIds.slice(0, 3), 'X-99', 'X-98'].map((id) => JSON.stringify(resultLine(id))).join('\n'))
        return []
      },
      message: /^results\/benchmark_openai_gpt-4-1_full_hints_1\.jsonl: predictions "X-99" and 1 more have no riddle in the batch's dataset/,
    },
    {
      title: 'answers that were all refused, blocked or truncated',
      setUp: async (cwd) => {
        const refused = (id: string): ResultLine => ({custom_id: id, ok: false, error: {code: 'refusal', message: 'no'}, model: 'gpt-4.1', provider: 'openai'})
        await writeFile(join(cwd, RESULTS), sampleIds.map((id) => JSON.stringify(refused(id))).join('\n') + '\n')
        return []
      },
      message: /^every prediction in results\/benchmark_openai_gpt-4-1_full_hints_1\.jsonl was refused, blocked or truncated \(12 refusal\): nothing to judge/,
    },
    {
      title: 'a results file that does not exist',
      setUp: () => ['--results-file-path', 'results/nothing.jsonl'],
      message: /^cannot read results file results\/nothing\.jsonl \(ENOENT\): check the path/,
    },
    {
      title: 'results without a batch record',
      setUp: async (cwd) => {
        await writeFile(join(cwd, 'results', 'mine.jsonl'), JSON.stringify(resultLine('S-01')) + '\n')
        return ['--results-file-path', 'results/mine.jsonl']
      },
      message: /^no batch record for results\/mine\.jsonl: bench jury reads processed_files\/mine\.manifest\.json/,
    },
    {
      title: 'a line that is not a result',
      setUp: async (cwd) => {
        await writeFile(join(cwd, RESULTS), JSON.stringify(resultLine('S-01')) + '\n{"id": "S-02", "answer": "x"}\n')
        return []
      },
      message: /^results\/benchmark_openai_gpt-4-1_full_hints_1\.jsonl:2: not a result line of `bench results`/,
    },
    {
      title: 'a bad judges file',
      setUp: async (cwd) => {
        await writeFile(join(cwd, 'judges.json'), JSON.stringify({panel_size: 3, judges: [{provider: 'openai', model: 'gpt-5.1', effort: 'high'}]}))
        return ['--judges', 'judges.json']
      },
      message: /^judges file judges\.json: judges\[0\] has an unknown key "effort"/,
    },
  ]

  it.each([
    {title: 'a batch with no results yet', args: ['benchmark_openai_other'], message: /^no results of batch benchmark_openai_other here \(results\/benchmark_openai_other\.jsonl\): run `bench results benchmark_openai_other`/},
    {title: 'both a NAME and a file', args: [NAME, '--results-file-path', RESULTS], message: /^give the prediction batch NAME or --results-file-path, not both/},
    {title: 'neither a NAME nor a file', args: [], message: /^which results to judge\? pass the prediction batch NAME/},
  ])('refuses $title in one line', async ({args, message}) => {
    const cwd = await preparedDirectory()
    const result = await runBench(['jury', ...args], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr.trim().replace(/^Error: /, '')).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  it.each(cases)('$title', async ({setUp, message}) => {
    const cwd = await preparedDirectory()
    const args = await setUp(cwd)
    const result = await runBench(['jury', ...(args.includes('--results-file-path') ? [] : ['--results-file-path', RESULTS]), ...args], {cwd})
    expect(result.code).toBe(2)
    const errorLines = result.stderr.trim().split('\n')
    expect(errorLines).toHaveLength(1)
    expect(errorLines[0]!.replace(/^Error: /, '')).toMatch(message)
    expect(result.stdout).toBe('')
    expect((await readdir(join(cwd, 'processed_files'))).filter((file) => file.startsWith('judge_'))).toEqual([])
  })
})
