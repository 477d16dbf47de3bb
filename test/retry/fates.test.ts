import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {AnswerLine} from '../../src/providers/openai-compatible/answers.js'
import {scratchDir} from '../support/cli.js'
import {readResults, startBenchEmulator, type BenchEmulator} from '../support/emulator.js'
import {matching} from '../support/matchers.js'

/**
 * Each fate of a chat completion, end to end through `results` and `retry`: a batch of bench's own
 * worker is answered by the emulator's chat server, then its answers file is given the fates a
 * vendor can answer with (the bodies' finish and refusal fields, as in the vendors' docs), since
 * the emulator answers every request whole.
 */
let bench: BenchEmulator
beforeAll(async () => {
  bench = await startBenchEmulator({endpoint: {latencyMs: 0}})
})
afterAll(async () => {
  await bench?.close()
})

const MAX_TOKENS = 200
const IDS = ['q1', 'q2', 'q3', 'q4', 'q5']

async function run(cwd: string, args: string[]): Promise<string> {
  const result = await bench.bench(cwd, args, {LAB_KEY: 'test-key'})
  expect(result.code, `bench ${args.join(' ')}: ${result.stderr}`).toBe(0)
  return result.stdout
}

/** A finished endpoint batch of five tasks whose answers were: truncated, refused, blocked, a server error, and whole. */
async function answeredWithFates(): Promise<{cwd: string; name: string}> {
  const cwd = await scratchDir('bench-fates-')
  const lab = {base_url: bench.emulator.endpointUrl, key_variable: 'LAB_KEY', max_concurrency: 2, timeout_seconds: 10, files: false}
  await writeFile(join(cwd, 'bench.endpoints.json'), JSON.stringify({endpoints: {lab}}))
  await writeFile(join(cwd, 'fates.json'), JSON.stringify({models: ['lab/model-1'], max_tokens: MAX_TOKENS, tasks: IDS.map((id) => ({id, user_prompt: `Question ${id}?`}))}))
  await run(cwd, ['prepare', '--scenario', 'fates.json'])
  const name = 'fates_lab_model-1'
  await run(cwd, ['start', name, '--wait'])
  const file = join(cwd, 'processed_files', `${name}.answers.jsonl`)
  const answers = (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AnswerLine)
  const fated = answers.map((answer) => {
    const body = answer.response!.body as {choices: [{finish_reason: string; message: {content: string | null; refusal?: string | null}}]}
    const choice = body.choices[0]
    if (answer.custom_id === 'q1') choice.finish_reason = 'length'
    if (answer.custom_id === 'q2') Object.assign(choice.message, {content: null, refusal: "I'm very sorry, but I can't assist with that request."})
    if (answer.custom_id === 'q3') choice.finish_reason = 'content_filter'
    if (answer.custom_id === 'q4') return {...answer, response: {status_code: 500, body: {error: {message: 'The server had an error', type: 'server_error'}}}}
    return answer
  })
  await writeFile(file, fated.map((answer) => JSON.stringify(answer)).join('\n') + '\n')
  return {cwd, name}
}

async function retryLines(cwd: string, name: string): Promise<Map<string, {text: string; body: {max_tokens?: number}}>> {
  const text = await readFile(join(cwd, 'processed_files', `${name}.jsonl`), 'utf8')
  return new Map(
    text
      .trim()
      .split('\n')
      .map((line) => {
        const parsed = JSON.parse(line) as {custom_id: string; body: {max_tokens?: number}}
        return [parsed.custom_id, {text: line, body: parsed.body}]
      }),
  )
}

describe('answers that are not answers', () => {
  it('are counted by fate, keep their billed usage, and bench retry resubmits only the truncated and transient ones, raising the limit of the truncated', async () => {
    const {cwd, name} = await answeredWithFates()
    const results = await run(cwd, ['results', name])
    expect(results).toMatch(/succeeded\s+1 \/ 5\n\s+failed\s+4 \(1 refusal, 1 safety, 1 server_error, 1 truncated\)/)
    const lines = new Map((await readResults(cwd, name)).map((line) => [line.custom_id, line]))
    expect(lines.get('q1')).toMatchObject({ok: false, error: {code: 'truncated', vendor_code: 'length'}, text: matching.any(String), usage: {output: matching.any(Number)}})
    expect(lines.get('q2')).toMatchObject({ok: false, error: {code: 'refusal', message: "I'm very sorry, but I can't assist with that request."}})
    expect(lines.get('q3')).toMatchObject({ok: false, error: {code: 'safety', vendor_code: 'content_filter'}})
    expect(lines.get('q5')).toMatchObject({ok: true})
    const prepared = await retryLines(cwd, name)

    const retry = await run(cwd, ['retry', name, '--max-tokens', '1000'])
    expect(retry).toMatch(/resubmits\s+2 requests \(1 truncated, 1 server_error\)|resubmits\s+2 requests \(1 server_error, 1 truncated\)/)
    expect(retry).toMatch(/max tokens\s+1 truncated request asks for 1000 tokens; the other lines are copied unchanged/)
    expect(retry).toMatch(/1 refusal: the model refused, and the same request gets the same answer \(--include-permanent sends it anyway\)/)
    expect(retry).toMatch(/1 safety: blocked by the vendor's content filter/)
    const resubmitted = await retryLines(cwd, `${name}_retry_1`)
    expect([...resubmitted.keys()].sort()).toEqual(['q1', 'q4'])
    expect(resubmitted.get('q1')!.body.max_tokens).toBe(1000)
    expect(resubmitted.get('q1')!.body).toEqual({...prepared.get('q1')!.body, max_tokens: 1000})
    // The server error is sent again as it was, byte for byte.
    expect(resubmitted.get('q4')!.text).toBe(prepared.get('q4')!.text)

    const json = JSON.parse(await run(cwd, ['retry', name, '--json'])) as {resumed: boolean}
    expect(json.resumed).toBe(true)
  })

  it('--include-permanent resubmits the refused and blocked ones too; --max-tokens below the limit is refused', async () => {
    const {cwd, name} = await answeredWithFates()
    const lower = await bench.bench(cwd, ['retry', name, '--max-tokens', String(MAX_TOKENS)], {LAB_KEY: 'test-key'})
    expect(lower.code).toBe(2)
    expect(lower.stderr).toBe(
      `Error: --max-tokens ${MAX_TOKENS} does not raise the limit of "${name}" (${MAX_TOKENS} tokens), at which its answers were cut off: pass a number above ${MAX_TOKENS}\n`,
    )
    const retry = JSON.parse(await run(cwd, ['retry', name, '--include-permanent', '--only', 'refusal,safety,truncated', '--json'])) as {
      picked: Record<string, number>
      left: {code: string; reason: string}[]
    }
    expect(retry.picked).toEqual({truncated: 1, refusal: 1, safety: 1})
    expect(retry.left).toEqual([{code: 'server_error', count: 1, reason: 'not chosen'}])
    expect([...(await retryLines(cwd, `${name}_retry_1`)).keys()].sort()).toEqual(['q1', 'q2', 'q3'])
  })
})
