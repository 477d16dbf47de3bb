import {readdir, readFile} from 'node:fs/promises'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {homedir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest'

import {collect, jsonlText, riddleRecord, temporaryDirectory} from './riddle-fixture.js'
import {loadRiddles} from '../../src/core/dataset/dataset.js'
import {datasetHubFile, hubCachePath, hubSettings} from '../../src/core/dataset/hub.js'

const TOKEN = 'hf_secret_test_token'
const RESOLVE = '/datasets/rvienne/layton-eval/resolve/main'
const LLM_FILE = jsonlText([riddleRecord({id: 'L1'}), riddleRecord({id: 'L2'})])
const FULL_FILE = jsonlText([riddleRecord({id: 'L1'}), riddleRecord({id: 'V1', split: 'vlm'})])

type Handler = (request: IncomingMessage, response: ServerResponse) => void

/** Serves the Hub's files over loopback to holders of TOKEN, like a private or gated dataset. */
const serveFiles: Handler = (request, response) => {
  if (request.headers.authorization !== `Bearer ${TOKEN}`) return void response.writeHead(401).end('Unauthorized')
  const files: Record<string, string> = {[`${RESOLVE}/layton_eval_llm.jsonl`]: LLM_FILE, [`${RESOLVE}/layton_eval.jsonl`]: FULL_FILE}
  const body = files[request.url ?? '']
  if (body === undefined) return void response.writeHead(404).end('Entry not found')
  response.writeHead(200, {'content-type': 'application/jsonl'}).end(body)
}

let server: Server
let endpoint: string
let handler: Handler
let requests: string[]
let cache: Awaited<ReturnType<typeof temporaryDirectory>>

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '')
    handler(request, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(async () => {
  handler = serveFiles
  requests = []
  cache = await temporaryDirectory()
  vi.stubEnv('HF_ENDPOINT', endpoint)
  vi.stubEnv('HF_TOKEN', TOKEN)
  vi.stubEnv('BENCH_CACHE_DIR', cache.path)
  vi.stubEnv('BENCH_HUB_TIMEOUT', undefined)
})
afterEach(async () => {
  vi.unstubAllEnvs()
  await cache.remove()
})

async function hubIds(split: 'llm' | 'vlm' | 'full'): Promise<string[]> {
  return (await collect(loadRiddles({kind: 'hub', split}))).map((riddle) => riddle.id)
}

async function filesIn(directory: string): Promise<string[]> {
  const entries = await readdir(directory, {recursive: true, withFileTypes: true})
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name)
}

const WAY_OUT = 'or use --dataset FILE.jsonl with a local copy'

describe('the Hub loader', () => {
  it('downloads the split file once with the token, then reads the cache without any request', async () => {
    expect(await hubIds('llm')).toEqual(['L1', 'L2'])
    expect(requests).toEqual([`${RESOLVE}/layton_eval_llm.jsonl`])
    const cached = join(cache.path, 'datasets', 'rvienne--layton-eval', 'main', 'layton_eval_llm.jsonl')
    expect(await readFile(cached, 'utf8')).toBe(LLM_FILE)

    handler = (_request, response) => void response.writeHead(500).end()
    expect(await hubIds('llm')).toEqual(['L1', 'L2'])
    expect(requests).toHaveLength(1)
  })

  it('loads both splits from layton_eval.jsonl for split full', async () => {
    expect(await hubIds('full')).toEqual(['L1', 'V1'])
    expect(requests).toEqual([`${RESOLVE}/layton_eval.jsonl`])
  })

  it('follows a redirect, as the Hub sends downloads to its CDN', async () => {
    handler = (request, response) => {
      if (request.url?.startsWith(RESOLVE)) return void response.writeHead(302, {location: `/cdn/blob?file=${request.url}`}).end()
      serveFiles(Object.assign(request, {url: new URL(request.url ?? '', endpoint).searchParams.get('file')}), response)
    }
    expect(await hubIds('llm')).toEqual(['L1', 'L2'])
    expect(requests).toEqual([`${RESOLVE}/layton_eval_llm.jsonl`, `/cdn/blob?file=${RESOLVE}/layton_eval_llm.jsonl`])
  })

  it('points at HF_TOKEN when the Hub refuses the token, without printing it', async () => {
    vi.stubEnv('HF_TOKEN', 'hf_wrong_token')
    const error = await hubIds('llm').catch((caught: unknown) => caught as Error)
    expect((error as Error).message).toBe(
      `the Hugging Face Hub at ${endpoint} refused access to rvienne/layton-eval/layton_eval_llm.jsonl (HTTP 401): ` +
        `set HF_TOKEN to a valid token with read access, ${WAY_OUT}`,
    )
    expect((error as Error).message).not.toContain('hf_wrong_token')
  })

  it('says the file was not found on the Hub for a 404', async () => {
    await expect(hubIds('vlm')).rejects.toThrow(
      `rvienne/layton-eval/layton_eval_vlm.jsonl was not found on the Hugging Face Hub at ${endpoint} (HTTP 404): check HF_ENDPOINT, ${WAY_OUT}`,
    )
  })

  it('says the Hub could not be reached and names --dataset when the connection is refused', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const closedEndpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
    await new Promise((resolve) => closed.close(resolve))
    vi.stubEnv('HF_ENDPOINT', closedEndpoint)
    await expect(hubIds('llm')).rejects.toThrow(
      `could not reach the Hugging Face Hub at ${closedEndpoint} (ECONNREFUSED): check the network, set HF_ENDPOINT to a mirror, ${WAY_OUT}`,
    )
  })

  it('gives up on a Hub that does not answer within BENCH_HUB_TIMEOUT seconds', async () => {
    vi.stubEnv('BENCH_HUB_TIMEOUT', '0.2')
    handler = () => {}
    await expect(hubIds('llm')).rejects.toThrow(`could not reach the Hugging Face Hub at ${endpoint} (no answer within 0.2 s)`)
    expect(await filesIn(cache.path)).toEqual([])
  })

  it('leaves no file in the cache when the download is cut half-way, and a later run downloads it whole', async () => {
    handler = (_request, response) => {
      response.writeHead(200, {'content-length': String(LLM_FILE.length)})
      response.write(LLM_FILE.slice(0, LLM_FILE.length / 2), () => response.destroy())
    }
    await expect(hubIds('llm')).rejects.toThrow(
      `the download of layton_eval_llm.jsonl from the Hugging Face Hub at ${endpoint} was cut off`,
    )
    expect(await filesIn(cache.path)).toEqual([])

    handler = serveFiles
    expect(await hubIds('llm')).toEqual(['L1', 'L2'])
  })

  it('also cuts off a body that stalls for longer than the timeout', async () => {
    vi.stubEnv('BENCH_HUB_TIMEOUT', '0.2')
    handler = (_request, response) => void response.writeHead(200).write(LLM_FILE.slice(0, 10))
    await expect(hubIds('llm')).rejects.toThrow(`was cut off (no answer within 0.2 s); nothing was cached`)
    expect(await filesIn(cache.path)).toEqual([])
  })
})

describe('hubSettings', () => {
  it('defaults to huggingface.co and a bench folder under the user cache, and trims the token', () => {
    const settings = hubSettings({})
    expect(settings).toMatchObject({endpoint: 'https://huggingface.co', token: undefined, timeoutSeconds: 30})
    expect(hubSettings({HF_TOKEN: 'hf_abc\n'}).token).toBe('hf_abc')
    expect(hubCachePath(datasetHubFile('full'), settings)).toBe(join(homedir(), '.cache/bench/datasets/rvienne--layton-eval/main/layton_eval.jsonl'))
    expect(hubCachePath(datasetHubFile('llm'), hubSettings({XDG_CACHE_HOME: '/xdg'}))).toBe('/xdg/bench/datasets/rvienne--layton-eval/main/layton_eval_llm.jsonl')
  })

  it('rejects a timeout that is not a number of seconds, a malformed token and an endpoint that is not a URL', () => {
    expect(() => hubSettings({BENCH_HUB_TIMEOUT: 'soon'})).toThrow(
      'BENCH_HUB_TIMEOUT="soon" is not a number of seconds: set it to e.g. 30, or unset it',
    )
    expect(() => hubSettings({HF_TOKEN: 'hf_first hf_second'})).toThrow(
      'HF_TOKEN holds spaces, line breaks or non-ASCII characters: set it to the token alone, e.g. hf_...',
    )
    expect(() => hubSettings({HF_ENDPOINT: 'huggingface.co'})).toThrow(
      'HF_ENDPOINT="huggingface.co" is not an http(s) URL: set it to e.g. https://huggingface.co, or unset it',
    )
  })
})
