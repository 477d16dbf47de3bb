import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {endpointDestination, endpointKey, loadEndpoints, resolveEndpoint} from '../../src/providers/openai-compatible/endpoint-config.js'

/**
 * The user's bench.endpoints.json is read in-process: each refusal names the endpoint, the field
 * and what it must be, in one line, before anything is sent.
 */

let cwd: string
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'bench-endpoints-'))
})
afterEach(async () => {
  vi.unstubAllEnvs()
  await rm(cwd, {recursive: true, force: true})
})

const LAB = {base_url: 'http://127.0.0.1:9/v1', max_concurrency: 2, timeout_seconds: 30, files: false}

async function userFile(content: unknown): Promise<void> {
  await writeFile(join(cwd, 'bench.endpoints.json'), typeof content === 'string' ? content : JSON.stringify(content))
}

describe('a bench.endpoints.json that cannot be used is refused, naming the field', () => {
  it.each([
    ['a name with capitals', {Lab: LAB}, 'endpoint "Lab" in bench.endpoints.json: "name" must be lowercase letters, digits, ".", "_" or "-"'],
    ['a base_url that is not http(s)', {lab: {...LAB, base_url: 'ftp://lab/v1'}}, 'endpoint "lab" in bench.endpoints.json: "base_url" must be an http(s) URL'],
    ['no base_url for a new endpoint', {lab: {max_concurrency: 2}}, 'endpoint "lab" in bench.endpoints.json: "base_url" must be an http(s) URL'],
    ['a max_concurrency of 0', {lab: {...LAB, max_concurrency: 0}}, '"max_concurrency" must be a whole number above 0'],
    ['a timeout_seconds given as text', {lab: {...LAB, timeout_seconds: '30'}}, '"timeout_seconds" must be a whole number above 0'],
    ['a fractional requests_per_minute', {lab: {...LAB, requests_per_minute: 1.5}}, '"requests_per_minute" must be a whole number above 0'],
    ['a key_variable that is not a name', {lab: {...LAB, key_variable: 42}}, '"key_variable" must be the name of an environment variable'],
    ['a base_url_variable that is not a name', {lab: {...LAB, base_url_variable: ['LAB_URL']}}, '"base_url_variable" must be the name of an environment variable'],
    ['files as text', {lab: {...LAB, files: 'yes'}}, '"files" must be true or false'],
  ])('%s', async (_name, endpoints, message) => {
    await userFile({endpoints})
    await expect(loadEndpoints(cwd)).rejects.toThrow(message)
  })

  it('a built-in endpoint changed field by field keeps its other fields, and a bad change is refused', async () => {
    await userFile({endpoints: {ollama: {max_concurrency: 4}}})
    expect((await loadEndpoints(cwd)).get('ollama')).toMatchObject({base_url: 'http://localhost:11434/v1', max_concurrency: 4, timeout_seconds: 600})
    await userFile({endpoints: {ollama: {max_concurrency: -1}}})
    await expect(loadEndpoints(cwd)).rejects.toThrow('endpoint "ollama" in bench.endpoints.json: "max_concurrency" must be a whole number above 0')
  })

  it('a file that is not JSON, or has no "endpoints" object, is refused with the shape to follow', async () => {
    const path = join(cwd, 'bench.endpoints.json')
    await userFile('{"endpoints": {')
    await expect(loadEndpoints(cwd)).rejects.toThrow(new RegExp(`^endpoints file ${path} is not valid JSON \\(.+\\): shape it like bench's data/endpoints\\.json$`))
    for (const content of [{endpoints: []}, {endpoints: null}, null, {lab: LAB}]) {
      await userFile(content)
      await expect(loadEndpoints(cwd)).rejects.toThrow(`endpoints file ${path} has no "endpoints" object: shape it like bench's data/endpoints.json`)
    }
  })

  it('a file that exists but cannot be read is refused (not taken as absent)', async () => {
    await mkdir(join(cwd, 'bench.endpoints.json'))
    await expect(loadEndpoints(cwd)).rejects.toThrow(`cannot read the endpoints file ${join(cwd, 'bench.endpoints.json')}: EISDIR`)
  })

  it('no file: the built-in endpoints only', async () => {
    expect([...(await loadEndpoints(cwd)).keys()]).toEqual(['openrouter', 'ollama', 'vllm'])
  })
})

describe('resolveEndpoint', () => {
  it('an unknown name lists the known ones', async () => {
    await expect(resolveEndpoint('lm-studio', cwd)).rejects.toThrow('no endpoint named "lm-studio": use one of openrouter, ollama, vllm, or add it to bench.endpoints.json')
  })

  it('a base URL variable that is not an http(s) URL is refused, naming the variable', async () => {
    vi.stubEnv('OLLAMA_BASE_URL', 'localhost:11434/v1')
    await expect(resolveEndpoint('ollama', cwd)).rejects.toThrow(
      'OLLAMA_BASE_URL in the environment is not an http(s) URL ("localhost:11434/v1"): write it as http://host:port/v1, or unset it',
    )
  })

  it('a base URL variable replaces base_url, its trailing slashes cut, and is named as where it was set', async () => {
    vi.stubEnv('OLLAMA_BASE_URL', ' http://gpu-box:11434/v1// ')
    expect(await resolveEndpoint('ollama', cwd)).toMatchObject({base_url: 'http://gpu-box:11434/v1', set_by: {base_url: {setting: 'OLLAMA_BASE_URL', source: 'the environment'}}})
  })
})

describe('the key of an endpoint', () => {
  it('an endpoint without key_variable sends no key and shows no key on its card', async () => {
    const ollama = await resolveEndpoint('ollama', cwd)
    expect(endpointKey(ollama)).toBeUndefined()
    expect(endpointDestination(ollama)).toEqual({to: 'endpoint ollama', host: 'localhost:11434'})
  })

  it('a key_variable that is not set is refused, saying where to set it', async () => {
    await userFile({endpoints: {lab: {...LAB, key_variable: 'LAB_KEY'}}})
    vi.stubEnv('LAB_KEY', '  ')
    const lab = (await loadEndpoints(cwd)).get('lab')!
    expect(() => endpointKey(lab)).toThrow('LAB_KEY is not set (the key of endpoint "lab"): add it to .env in this directory or export it in your shell')
    vi.stubEnv('LAB_KEY', 'lab-secret')
    expect(endpointKey(lab)).toBe('lab-secret')
  })

  it('a key the user file gives to two endpoints on two hosts belongs to neither: sending it is refused', async () => {
    await userFile({endpoints: {a: {...LAB, base_url: 'http://lab-a.invalid/v1', key_variable: 'SHARED_KEY'}, b: {...LAB, base_url: 'http://lab-b.invalid/v1', key_variable: 'SHARED_KEY'}}})
    vi.stubEnv('SHARED_KEY', 'shared-secret')
    const endpoints = await loadEndpoints(cwd)
    expect(endpoints.get('a')?.key_home).toEqual({label: "endpoint a and b's", origins: []})
    expect(() => endpointKey(endpoints.get('a')!)).toThrow("refused to send SHARED_KEY to lab-a.invalid (set by endpoints.a.base_url in bench.endpoints.json and endpoints.a.key_variable in bench.endpoints.json): it is endpoint a and b's key, sent only to loopback; nothing was sent.")
  })
})
