import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {choosePanel, readJudgePool, type JudgePool} from '../../src/core/jury/panel.js'
import {PROVIDER_NAMES, type ProviderName} from '../../src/providers/names.js'

const directory = await mkdtemp(join(tmpdir(), 'bench-judges-'))

async function poolFile(content: unknown): Promise<string> {
  const file = join(directory, `judges-${Math.random().toString(36).slice(2)}.json`)
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content))
  return file
}

describe('the default panel (layton-eval §3)', () => {
  const expected: Record<ProviderName, {judges: string[]; out: string[]}> = {
    openai: {judges: ['gemini', 'anthropic', 'mistral'], out: ['openai']},
    gemini: {judges: ['openai', 'anthropic', 'mistral'], out: ['gemini']},
    anthropic: {judges: ['openai', 'gemini', 'mistral'], out: ['anthropic']},
    mistral: {judges: ['openai', 'gemini', 'anthropic'], out: ['mistral']},
    together: {judges: ['openai', 'gemini', 'anthropic'], out: ['mistral']},
    groq: {judges: ['openai', 'gemini', 'anthropic'], out: ['mistral']},
  }

  it.each(PROVIDER_NAMES)('for a model of %s', async (evaluated) => {
    const panel = choosePanel(await readJudgePool(), evaluated)
    expect(panel.judges.map((judge) => judge.provider)).toEqual(expected[evaluated].judges)
    expect(panel.sitting_out.map(({judge}) => judge.provider)).toEqual(expected[evaluated].out)
    expect(panel.sitting_out[0]!.reason).toBe(expected[evaluated].out[0] === evaluated ? 'evaluated vendor' : 'panel full')
  })

  it('has the published judges and settings', async () => {
    const pool = await readJudgePool()
    expect(pool.panel_size).toBe(3)
    expect(pool.judges).toEqual([
      {provider: 'openai', model: 'gpt-5.1', thinking: {level: 'high'}},
      {provider: 'gemini', model: 'gemini-3-pro-preview', thinking: {level: 'high'}},
      {provider: 'anthropic', model: 'claude-opus-4-5', thinking: {budget: 32000}, max_tokens: 64000},
      {provider: 'mistral', model: 'mistral-large-2512'},
    ])
  })
})

describe('a judges file of the user', () => {
  it('replaces the pool: its order and panel size decide', async () => {
    const pool = await readJudgePool(
      await poolFile({panel_size: 2, judges: [{provider: 'groq', model: 'kimi-k2'}, {provider: 'openai', model: 'gpt-5.2'}, {provider: 'together', model: 'qwen'}]}),
    )
    expect(choosePanel(pool, 'openai').judges.map((judge) => judge.model)).toEqual(['kimi-k2', 'qwen'])
    expect(choosePanel(pool, 'gemini').judges.map((judge) => judge.model)).toEqual(['kimi-k2', 'gpt-5.2'])
    expect(choosePanel(pool, 'gemini').sitting_out).toEqual([{judge: {provider: 'together', model: 'qwen'}, reason: 'panel full'}])
  })

  it('refuses a panel it cannot fill, naming the file', async () => {
    const file = await poolFile({panel_size: 2, judges: [{provider: 'openai', model: 'a'}, {provider: 'gemini', model: 'b'}]})
    const pool: JudgePool = await readJudgePool(file)
    expect(() => choosePanel(pool, 'openai')).toThrow(`judges file ${file} has 1 judges from vendors other than openai, but panel_size is 2: add judges or lower panel_size`)
  })

  const judge = {provider: 'openai', model: 'gpt-5.1'}
  const cases: {title: string; content: unknown; message: RegExp}[] = [
    {title: 'not JSON', content: '{"panel_size": 3,', message: /is not valid JSON \(.*\): fix it/},
    {title: 'a list', content: [judge], message: /: the file must be a JSON object$/},
    {title: 'a misspelt key', content: {pannel_size: 3, judges: [judge]}, message: /the file has an unknown key "pannel_size": the keys are description, panel_size, judges/},
    {title: 'panel_size 0', content: {panel_size: 0, judges: [judge]}, message: /"panel_size" must be a whole number of at least 1/},
    {title: 'no judges', content: {panel_size: 3, judges: []}, message: /"judges" must be a non-empty list/},
    {title: 'an unknown vendor', content: {panel_size: 1, judges: [{provider: 'acme', model: 'x'}]}, message: /judges\[0\]\.provider must be one of openai, anthropic, gemini, mistral, together, groq, got "acme"/},
    {title: 'no model', content: {panel_size: 1, judges: [{provider: 'openai'}]}, message: /judges\[0\]\.model must be the vendor's model name/},
    {title: 'a misspelt judge key', content: {panel_size: 1, judges: [{...judge, maxTokens: 5}]}, message: /judges\[0\] has an unknown key "maxTokens"/},
    {title: 'a bad thinking shape', content: {panel_size: 1, judges: [{...judge, thinking: 'high'}]}, message: /judges\[0\]\.thinking must be \{"level": "low" \| "medium" \| "high"\} or \{"budget": N\}/},
    {title: 'a level for anthropic', content: {panel_size: 1, judges: [{provider: 'anthropic', model: 'c', max_tokens: 9, thinking: {level: 'high'}}]}, message: /judges\[0\]\.thinking is a level, but anthropic takes a budget/},
    {title: 'a budget for openai', content: {panel_size: 1, judges: [{...judge, thinking: {budget: 100}}]}, message: /judges\[0\]\.thinking is a budget, but openai takes a level/},
    {title: 'anthropic without max_tokens', content: {panel_size: 1, judges: [{provider: 'anthropic', model: 'c'}]}, message: /judges\[0\] has no "max_tokens": anthropic requires a token limit/},
    {title: 'two judges of one vendor', content: {panel_size: 1, judges: [judge, {provider: 'openai', model: 'gpt-5.2'}]}, message: /judges\[1\] is a second openai judge \(after gpt-5.1\): keep one judge per vendor/},
  ]

  it.each(cases)('refuses $title with one line naming the file', async ({content, message}) => {
    const file = await poolFile(content)
    const error = await readJudgePool(file).then(() => undefined, (caught: Error) => caught)
    expect(error?.name).toBe('UserError')
    expect(error!.message).not.toContain('\n')
    expect(error!.message).toContain(`judges file ${file}`)
    expect(error!.message).toMatch(message)
  })

  it('refuses a file that does not exist', async () => {
    await expect(readJudgePool(join(directory, 'nope.json'))).rejects.toThrow(/cannot read judges file .*nope\.json \(ENOENT\): check the path given to --judges/)
  })
})
