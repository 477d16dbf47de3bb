import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import type {ScenarioRunCard} from '../../src/cli/scenario-card.js'
import type {StartCard} from '../../src/cli/start-card.js'
import {SAMPLE_DATASET_PATH} from '../../src/core/dataset/dataset.js'
import {NO_USER_CONFIG, runBench, scratchDir} from '../support/cli.js'
import {MODEL, PreparedTemplates, expectRefusedUnsent, readBatchManifest, useBenchEmulator} from '../support/emulator.js'
import {scenarioDir} from '../scenario/fixtures.js'

const bench = useBenchEmulator()
const templates = new PreparedTemplates(bench)

/** A host that cannot resolve: were bench to try it, the error would be a network one (exit 3), not the refusal. */
const EXFIL = 'http://exfil.invalid/v1'

/**
 * Another name for this machine that is not a loopback name: the stand-in for a proxy or gateway
 * a user means to allow. Linux (and macOS) connect 0.0.0.0 to the local host.
 */
const STAND_IN = '0.0.0.0'

/** Where the tests' bench looks for the user's configuration (test/support/cli.ts); `~/.config/bench/config.json` for a user. */
const USER_CONFIG = join(NO_USER_CONFIG, 'bench/config.json')

/** The emulator's OpenAI URL with its host replaced by the stand-in. */
const standInUrl = () => bench.env.OPENAI_BASE_URL!.replace('127.0.0.1', STAND_IN)

/**
 * Runs bench against the emulator with `env` on top, a variable set to undefined left out (as
 * if never exported: `.env` may then set it).
 */
function benchWith(cwd: string, args: string[], env: Record<string, string | undefined> = {}) {
  const merged = Object.entries({...bench.env, ...env}).filter((entry): entry is [string, string] => entry[1] !== undefined)
  return runBench(args, {cwd, env: Object.fromEntries(merged)})
}

/** A command refused before it sends anything (test/support/emulator.ts), with `env` as for `benchWith`. */
const expectRefused = (cwd: string, args: string[], env: Record<string, string | undefined> = {}) => expectRefusedUnsent(bench, () => benchWith(cwd, args, env))

describe('vendor keys go only to their vendors or loopback (issue 19)', () => {
  it('a base URL from the environment pointing elsewhere is refused before anything is sent', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'env'})
    const error = await expectRefused(cwd, ['start', 'env'], {OPENAI_BASE_URL: EXFIL})
    expect(error).toBe(
      'Error: refused to send OPENAI_API_KEY to exfil.invalid (set by OPENAI_BASE_URL in the environment): it is OpenAI\'s key, sent only to https://api.openai.com, https://mtls.api.openai.com or loopback; nothing was sent. ' +
        `If you trust exfil.invalid, pass --allow-host exfil.invalid, or list it in "allow_hosts" of ${USER_CONFIG}`,
    )
    expect((await readBatchManifest(cwd, 'env')).state).toBe('prepared')
  })

  it('so is one from .env, on every command that sends a key (get too), naming .env', async () => {
    const cwd = await templates.started({provider: 'openai', name: 'dotenv'})
    await writeFile(join(cwd, '.env'), `OPENAI_BASE_URL=${EXFIL}\n`)
    for (const args of [['get', 'dotenv'], ['results', 'dotenv'], ['cancel', 'dotenv']]) {
      const error = await expectRefused(cwd, args, {OPENAI_BASE_URL: undefined})
      expect(error).toMatch(/^Error: refused to send OPENAI_API_KEY to exfil\.invalid \(set by OPENAI_BASE_URL in \.env\)/)
    }
  })

  it('a host allowed by --allow-host, or in the user\'s own configuration, goes ahead; .env cannot move that configuration', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'allowed'})
    await writeFile(join(cwd, '.env'), `OPENAI_BASE_URL=${standInUrl()}\n`)
    // The stand-in is this machine under another name: refused without the allowance, and nothing reached it.
    await expectRefused(cwd, ['start', 'allowed'], {OPENAI_BASE_URL: undefined})
    // A configuration inside the working directory, pointed at by .env, is not the user's.
    await mkdir(join(cwd, 'config/bench'), {recursive: true})
    await writeFile(join(cwd, 'config/bench/config.json'), JSON.stringify({allow_hosts: [STAND_IN]}))
    await writeFile(join(cwd, '.env'), `OPENAI_BASE_URL=${standInUrl()}\nXDG_CONFIG_HOME=${join(cwd, 'config')}\n`)
    await expectRefused(cwd, ['start', 'allowed'], {OPENAI_BASE_URL: undefined})

    const flagged = await benchWith(cwd, ['start', 'allowed', '--allow-host', STAND_IN, '--json'], {OPENAI_BASE_URL: undefined})
    expect(flagged.code, flagged.stderr).toBe(0)
    const card = JSON.parse(flagged.stdout) as StartCard
    expect(card.sends_to).toEqual([
      {to: 'openai', host: new URL(standInUrl()).host, key_variable: 'OPENAI_API_KEY', set_by: [{setting: 'OPENAI_BASE_URL', source: '.env'}], allowed: 'allowed by --allow-host'},
    ])
    expect((await readBatchManifest(cwd, 'allowed')).state).toBe('submitted')

    const config = await scratchDir('bench-config-')
    await mkdir(join(config, 'bench'))
    await writeFile(join(config, 'bench/config.json'), JSON.stringify({allow_hosts: [STAND_IN]}))
    const status = await benchWith(cwd, ['get', 'allowed'], {OPENAI_BASE_URL: undefined, XDG_CONFIG_HOME: config})
    expect(status.code, status.stderr).toBe(0)
  })

  it('the emulator and other loopback hosts need no flag, and the card names them and where they were set', async () => {
    const cwd = await templates.copy({provider: 'openai', name: 'loopback'})
    const result = await bench.bench(cwd, ['start', 'loopback'])
    expect(result.code, result.stderr).toBe(0)
    const host = new URL(bench.env.OPENAI_BASE_URL!).host
    expect(result.stdout).toContain(`  sends to  ${host}  openai · OPENAI_BASE_URL in the environment · loopback\n`)
  })
})

describe('endpoint files in the working directory (issue 19)', () => {
  const scenario = {name: 'trap', models: [`openrouter/${MODEL}`], tasks: [{id: 'a', user_prompt: 'Say hello.'}]}

  it("cannot give an endpoint a vendor's key, nor send a built-in endpoint's key elsewhere", async () => {
    const cwd = await scenarioDir(scenario)
    // The issue's repro: a cloned repository's file points openrouter at another host with the OpenAI key.
    await writeFile(join(cwd, 'bench.endpoints.json'), JSON.stringify({endpoints: {openrouter: {base_url: EXFIL, key_variable: 'OPENAI_API_KEY'}}}))
    const run = ['run', '--scenario', 'scenario.json']
    expect(await expectRefused(cwd, run, {OPENROUTER_BASE_URL: undefined})).toBe(
      'Error: refused to send OPENAI_API_KEY to exfil.invalid (set by endpoints.openrouter.base_url in bench.endpoints.json and endpoints.openrouter.key_variable in bench.endpoints.json): ' +
        `it is OpenAI's key, sent only to https://api.openai.com, https://mtls.api.openai.com or loopback; nothing was sent. If you trust exfil.invalid, pass --allow-host exfil.invalid, or list it in "allow_hosts" of ${USER_CONFIG}`,
    )
    await writeFile(join(cwd, 'bench.endpoints.json'), JSON.stringify({endpoints: {openrouter: {base_url: EXFIL}}}))
    expect(await expectRefused(cwd, run, {OPENROUTER_API_KEY: 'test-key', OPENROUTER_BASE_URL: undefined})).toMatch(
      /^Error: refused to send OPENROUTER_API_KEY to exfil\.invalid \(set by endpoints\.openrouter\.base_url in bench\.endpoints\.json\): it is endpoint openrouter's key, sent only to https:\/\/openrouter\.ai or loopback/,
    )
  })

  it("cannot give a new endpoint another endpoint's key; a key of its own is its own", async () => {
    const cwd = await scenarioDir({...scenario, models: [`lab/${MODEL}`]})
    const endpoints = (lab: object) => writeFile(join(cwd, 'bench.endpoints.json'), JSON.stringify({endpoints: {lab}}))
    await endpoints({base_url: EXFIL, key_variable: 'OPENROUTER_API_KEY'})
    expect(await expectRefused(cwd, ['run', '--scenario', 'scenario.json'], {OPENROUTER_API_KEY: 'test-key'})).toMatch(
      /^Error: refused to send OPENROUTER_API_KEY to exfil\.invalid \(set by endpoints\.lab\.base_url in bench\.endpoints\.json and endpoints\.lab\.key_variable in bench\.endpoints\.json\): it is endpoint openrouter's key/,
    )
    // Allowed by the user, the same file goes ahead: the flag reaches the background worker that sends the requests.
    const standIn = bench.env.OPENROUTER_BASE_URL!.replace('127.0.0.1', STAND_IN)
    await endpoints({base_url: standIn, key_variable: 'OPENROUTER_API_KEY'})
    const allowed = await benchWith(cwd, ['run', '--scenario', 'scenario.json', '--wait', '--poll-seconds', '1', '--allow-host', STAND_IN], {OPENROUTER_API_KEY: 'test-key'})
    expect(allowed.code, allowed.stderr).toBe(0)
    expect(allowed.stdout).toMatch(
      new RegExp(`sends to +${new URL(standIn).host}  endpoint lab · endpoints\\.lab\\.base_url in bench\\.endpoints\\.json · endpoints\\.lab\\.key_variable in bench\\.endpoints\\.json · allowed by --allow-host\\n`),
    )
    expect(allowed.stdout).toContain('every model finished')
    // Its own key at its own host: accepted (the emulator's chat completions stand in for the lab's server).
    const own = await scenarioDir({...scenario, models: [`lab/${MODEL}`]})
    await writeFile(join(own, 'bench.endpoints.json'), JSON.stringify({endpoints: {lab: {base_url: standIn, key_variable: 'LAB_KEY'}}}))
    const result = await bench.bench(own, ['run', '--scenario', 'scenario.json', '--wait', '--poll-seconds', '1', '--json'], {LAB_KEY: 'test-key'})
    expect(result.code, result.stderr + result.stdout).toBe(0)
    expect((JSON.parse(result.stdout) as ScenarioRunCard).sends_to).toEqual([
      {
        to: 'endpoint lab',
        host: new URL(bench.env.OPENROUTER_BASE_URL!.replace('127.0.0.1', STAND_IN)).host,
        key_variable: 'LAB_KEY',
        set_by: [
          {setting: 'endpoints.lab.base_url', source: 'bench.endpoints.json'},
          {setting: 'endpoints.lab.key_variable', source: 'bench.endpoints.json'},
        ],
        allowed: 'own host',
      },
    ])
  })
})

describe('nothing sent half-way: every key checked first (issue 14 §6)', () => {
  it('jury --start with MISTRAL_API_KEY unset sends no judge batch and marks none as submitting', async () => {
    const cwd = await templates.started({provider: 'openai', name: 'judged'})
    expect((await bench.bench(cwd, ['results', 'judged'])).code).toBe(0)
    const error = await expectRefused(cwd, ['jury', '--results-file-path', 'results/judged.jsonl', '--start'], {MISTRAL_API_KEY: undefined})
    expect(error).toBe(
      'Error: a key is not set: MISTRAL_API_KEY (for mistral-large-2512); add it to .env in this directory or export it in your shell. Nothing was sent',
    )
    for (const judge of ['judge_judged_by_gemini_gemini-3-pro-preview', 'judge_judged_by_anthropic_claude-opus-4-5', 'judge_judged_by_mistral_mistral-large-2512']) {
      expect((await readBatchManifest(cwd, judge)).state, judge).toBe('prepared')
    }
  })

  it("run lists every missing key, the judges' included, before it sends anything", async () => {
    const cwd = await scratchDir()
    const args = ['run', '--dataset', SAMPLE_DATASET_PATH, '--split', 'full', '--provider', 'gemini', '--model', MODEL, '--limit', '2']
    const error = await expectRefused(cwd, args, {GEMINI_API_KEY: undefined, ANTHROPIC_API_KEY: undefined})
    expect(error).toBe(
      'Error: 2 keys are not set: GOOGLE_API_KEY or GEMINI_API_KEY (for model-1); ANTHROPIC_API_KEY (for claude-opus-4-5); add them to .env in this directory or export them in your shell. Nothing was sent',
    )
  })
})

describe('Gemini keys as the SDK reads them (issue 13 §5)', () => {
  it('GOOGLE_API_KEY wins over GEMINI_API_KEY, with a warning when they differ', async () => {
    const cwd = await templates.copy({provider: 'gemini', name: 'gemini_keys'})
    // The emulator refuses `bad-key`: the start succeeds only with GOOGLE_API_KEY's key.
    const result = await bench.bench(cwd, ['start', 'gemini_keys'], {GOOGLE_API_KEY: 'test-key', GEMINI_API_KEY: 'bad-key'})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toBe("Warning: GOOGLE_API_KEY and GEMINI_API_KEY are both set, to different keys: bench uses GOOGLE_API_KEY, as Google's SDK does\n")
    expect(result.stdout).toContain('gemini · GOOGLE_GEMINI_BASE_URL in the environment · loopback')
  })
})
