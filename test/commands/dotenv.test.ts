import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {runBench} from '../support/cli.js'
import {PreparedTemplates, useBenchEmulator} from '../support/emulator.js'

const bench = useBenchEmulator()
const templates = new PreparedTemplates(bench)

/** The emulator's base URLs without any key: keys come from `.env` or from the test. */
const withoutKeys = () => Object.fromEntries(Object.entries(bench.env).filter(([name]) => !name.endsWith('_API_KEY')))

describe('.env in the working directory', () => {
  it('supplies the API key when the environment has none', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'dotenv'})
    await writeFile(join(cwd, '.env'), '# keys for bench\nOPENAI_API_KEY=key-from-dotenv\n')
    const result = await runBench(['start', 'dotenv'], {cwd, env: withoutKeys()})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  })

  it('never overrides a variable already set in the environment', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'dotenv'})
    // The emulator refuses the key `bad-key`: the start succeeds only if the environment's key wins.
    await writeFile(join(cwd, '.env'), 'OPENAI_API_KEY=bad-key\n')
    const ok = await runBench(['start', 'dotenv'], {cwd, env: {...withoutKeys(), OPENAI_API_KEY: 'test-key'}})
    expect(ok.code).toBe(0)
    // And the same .env alone is read, and refused: so the success above was the environment's key.
    const alone = await templates.copy({provider: 'openai', name: 'dotenv'})
    await writeFile(join(alone, '.env'), 'OPENAI_API_KEY=bad-key\n')
    const refused = await runBench(['start', 'dotenv'], {cwd: alone, env: withoutKeys()})
    expect(refused.code).toBe(3)
    expect(refused.stderr).toMatch(/OPENAI_API_KEY/)
    expect(refused.stderr).not.toMatch(/bad-key/)
  })

  it('names the variable and .env when the key is missing everywhere', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'dotenv'})
    const result = await runBench(['start', 'dotenv'], {cwd, env: withoutKeys()})
    expect(result.code).not.toBe(0)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/OPENAI_API_KEY/)
    expect(result.stderr).toMatch(/\.env/)
  })
})
