import {readFile, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import type {PreparedCard} from '../../src/cli/prepared-card.js'
import {DEFAULT_MODELS_PATH, loadModelCatalog} from '../../src/core/capabilities/model-catalog.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import type {ProviderName} from '../../src/providers/names.js'
import {scratchDir} from '../support/cli.js'
import {readResults, useBenchEmulator} from '../support/emulator.js'

/** The emulator holds each model to bench's own data/models.json, as `bench emulator` does by default. */
const bench = useBenchEmulator({models: loadModelCatalog(DEFAULT_MODELS_PATH)})

function prepareArgs(provider: ProviderName, model: string, ...extra: string[]): string[] {
  return ['prepare', '--dataset', SAMPLE_DATASET_PATH, '--limit', '2', '--provider', provider, '--model', model, '--name', 'fit', ...extra]
}

/** A chat vendor's prepared line: what these tests look at. */
interface ChatLine {
  body: {response_format?: unknown; reasoning_effort?: string; messages: {content: {type: string; text?: string}[]}[]}
}

/** The prepared request lines, as the vendor will get them. */
async function preparedLines(cwd: string): Promise<ChatLine[]> {
  return (await readFile(join(cwd, 'processed_files', 'fit.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ChatLine)
}

/** The last text of the user's message: where a schema the model cannot enforce goes. */
function lastText(line: ChatLine): string | undefined {
  return line.body.messages.at(-1)?.content.at(-1)?.text
}

describe('bench prepare fits each request to what its model accepts', () => {
  it('moves the answer schema into the prompt for a Groq model without structured outputs, says so, and the batch runs', async () => {
    const cwd = await scratchDir()
    const prepared = await bench.bench(cwd, [...prepareArgs('groq', 'llama-3.3-70b-versatile'), '--json'])
    expect(prepared.code, prepared.stderr).toBe(0)
    const note = 'llama-3.3-70b-versatile (groq) takes no JSON schema: the schema is sent in the prompt instead; answers may not follow it'
    expect((JSON.parse(prepared.stdout) as PreparedCard).notes).toEqual([note])
    for (const line of await preparedLines(cwd)) {
      expect(line.body).not.toHaveProperty('response_format')
      expect(lastText(line)).toMatch(/^Reply with one JSON object that follows this JSON Schema, and nothing else:\n\{"properties":\{"justification"/)
    }
    expect((await bench.bench(cwd, ['start', 'fit'])).code).toBe(0)
    expect((await bench.bench(cwd, ['results', 'fit'])).code).toBe(0)
    expect((await readResults(cwd, 'fit')).map((line) => line.ok)).toEqual([true, true])
  })

  it('sends a best-effort schema, and the schema in the prompt, where Together cannot enforce one; the card says so', async () => {
    const cwd = await scratchDir()
    const prepared = await bench.bench(cwd, prepareArgs('together', 'openai/gpt-oss-120b'))
    expect(prepared.code, prepared.stderr).toBe(0)
    expect(prepared.stdout).toMatch(/notes\s+openai\/gpt-oss-120b \(together\) takes no strict JSON schema: the schema is sent as a best-effort one and in the prompt/)
    const [line] = await preparedLines(cwd)
    expect(line!.body.response_format).toMatchObject({type: 'json_schema', json_schema: {name: 'BenchmarkAnswer', strict: false}})
    expect(lastText(line!)).toContain('JSON Schema')
  })

  it('warns on a model it does not know, and sends it with the vendor\'s defaults', async () => {
    const cwd = await scratchDir()
    const prepared = await bench.bench(cwd, prepareArgs('openai', 'gpt-99', '--thinking-level', 'high'))
    expect(prepared.code, prepared.stderr).toBe(0)
    expect(prepared.stdout).toMatch(/notes\s+gpt-99 is not in models\.json: its capabilities are not checked, and openai's defaults apply/)
    expect((await preparedLines(cwd))[0]!.body).toMatchObject({reasoning_effort: 'high', response_format: {json_schema: {strict: true}}})
  })

  it.each<[string, string[], string]>([
    ['thinking on a model without it', prepareArgs('openai', 'gpt-4.1', '--thinking-level', 'high'), 'gpt-4.1 (openai) takes no thinking setting: drop thinking level "high", or pick a model that reasons'],
    ['a level Gemini 3 Pro does not take', prepareArgs('gemini', 'gemini-3-pro-preview', '--thinking-level', 'medium'), 'gemini-3-pro-preview (gemini) takes thinking levels low, high, not "medium"'],
    ['a budget over what the model writes', prepareArgs('anthropic', 'claude-opus-4-1', '--max-tokens', '40000', '--thinking-budget', '32000'), 'claude-opus-4-1 (anthropic) takes a thinking budget of 1024 to 31999 tokens, not 32000'],
    ['pictures to a text model', prepareArgs('groq', 'openai/gpt-oss-120b', '--split', 'vlm'), 'openai/gpt-oss-120b (groq) reads no images, but request "S-06" has one: pick a model that reads images, or leave the images out (for Layton: --split llm)'],
  ])('refuses %s in one line, exit 2, nothing written', async (_, args, message) => {
    const cwd = await scratchDir()
    const result = await bench.bench(cwd, args)
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(`Error: ${message}\n`)
    expect(await readdir(join(cwd, 'processed_files')).catch(() => [])).toEqual([])
  })
})

describe('bench models', () => {
  it("lists the known models of a vendor with what each accepts", async () => {
    const listed = await bench.bench(await scratchDir(), ['models', '--provider', 'groq', '--json'])
    expect(listed.code, listed.stderr).toBe(0)
    const {models} = JSON.parse(listed.stdout) as {models: {model: string; structured_output: string}[]}
    expect(models.map((model) => [model.model, model.structured_output])).toEqual([
      ['openai/gpt-oss-120b', 'strict'],
      ['openai/gpt-oss-20b', 'strict'],
      ['llama-3.3-70b-versatile', 'none'],
    ])
  })
})

/** A models file that claims everything for these models: bench then sends what the vendor refuses. */
const CLAIMS_EVERYTHING = {
  providers: Object.fromEntries(
    (['openai', 'anthropic', 'gemini', 'mistral', 'together', 'groq'] as const).map((provider) => [
      provider,
      {
        [{openai: 'gpt-4.1', anthropic: 'claude-sonnet-4', gemini: 'gemini-3-pro', mistral: 'mistral-large-2512', together: 'moonshotai/kimi-k2-instruct-0905', groq: 'llama-3.3-70b-versatile'}[provider]]: {
          structured_output: 'strict',
          images: true,
          pdfs: true,
          thinking: provider === 'anthropic' ? {budget: {min: 1024, max: 64000}} : {levels: ['low', 'medium', 'high']},
          sources: ['a wrong claim, for this test'],
        },
      },
    ]),
  ),
}

describe("the emulator answers a line that uses a capability its model lacks with the vendor's 400", () => {
  it.each<[ProviderName, string, string[], RegExp]>([
    ['openai', 'gpt-4.1', ['--thinking-level', 'high'], /^Unsupported parameter: 'reasoning_effort' is not supported with this model\.$/],
    ['anthropic', 'claude-sonnet-4', ['--max-tokens', '1000'], /^output_config\.format: structured outputs are not supported for model 'claude-sonnet-4'\.$/],
    ['gemini', 'gemini-3-pro-preview', ['--thinking-level', 'medium'], /^Thinking level MEDIUM is not supported for this model\./],
    ['mistral', 'mistral-large-2512', ['--thinking-level', 'low'], /'reasoning_effort' is not supported with this model/],
    ['together', 'moonshotai/kimi-k2-instruct-0905', [], /'response_format\.json_schema\.strict' is not supported with this model/],
    ['groq', 'llama-3.3-70b-versatile', [], /^This model does not support response format `json_schema`\. See supported models at https:\/\/console\.groq\.com/],
  ])('%s: %s', async (provider, model, flags, message) => {
    const cwd = await scratchDir()
    await writeFile(join(cwd, 'wrong-models.json'), JSON.stringify(CLAIMS_EVERYTHING))
    const wrong = {BENCH_MODELS: join(cwd, 'wrong-models.json')}
    const prepared = await bench.bench(cwd, [...prepareArgs(provider, model, ...flags)], wrong)
    expect(prepared.code, prepared.stderr).toBe(0)
    expect((await bench.bench(cwd, ['start', 'fit'])).code).toBe(0)
    const results = await bench.bench(cwd, ['results', 'fit'])
    expect(results.code, results.stderr).toBe(0)
    const lines = await readResults(cwd, 'fit')
    expect(lines).toHaveLength(2)
    for (const line of lines) {
      expect(line.ok).toBe(false)
      expect(line.error?.message).toMatch(message)
    }
  })
})
