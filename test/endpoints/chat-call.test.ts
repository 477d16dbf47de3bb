import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'

import {UserError} from '../../src/core/errors.js'
import {answerRequest, RunStopped, type ChatCallContext} from '../../src/providers/openai-compatible/chat-call.js'
import type {EndpointConfig} from '../../src/providers/openai-compatible/endpoint-config.js'
import {RequestPacer} from '../../src/providers/openai-compatible/request-pacer.js'

/** How the test server answers its n-th request (0-based); one that writes nothing never answers. */
type Behaviour = (response: ServerResponse, index: number) => unknown

const OK: Behaviour = (response) => {
  response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({choices: [{message: {content: 'fine'}}]}))
}

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)))
  server = undefined
})

/** A chat-completions server answering each request as `answers[n]` says (the last one repeats); returns its base URL and the requests it got. */
async function chatServer(answers: Behaviour[]): Promise<{baseUrl: string; received: string[]}> {
  const received: string[] = []
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const index = received.length
    received.push(`${request.method} ${request.url} ${request.headers['x-bench-custom-id'] as string}`)
    request.resume()
    request.on('end', () => answers[Math.min(index, answers.length - 1)]!(response, index))
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return {baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, received}
}

function context(baseUrl: string, options: {timeoutSeconds?: number; maxRetries?: number; signal?: AbortSignal; key?: string} = {}): ChatCallContext {
  const endpoint: EndpointConfig = {name: 'lab', base_url: baseUrl, key_variable: 'LAB_KEY', max_concurrency: 1, timeout_seconds: options.timeoutSeconds ?? 5, files: false, set_by: {}, key_home: {label: "endpoint lab's", origins: [new URL(baseUrl).origin]}}
  return {endpoint, key: options.key ?? 'secret-lab-key', pacer: new RequestPacer(undefined), policy: {maxRetries: options.maxRetries ?? 2, maxDelayMs: 50}, signal: options.signal ?? new AbortController().signal}
}

const LINE = {custom_id: 't-1', body: {model: 'model-1', messages: [{role: 'user' as const, content: 'Question?'}]}}

describe('answerRequest, one request of the endpoint worker', () => {
  it('retries a 503 and a 429 (waiting what retry-after-ms asks), then keeps the answer', async () => {
    const busy: Behaviour = (response, index) => {
      response.writeHead(index === 0 ? 503 : 429, {'retry-after-ms': '30'}).end('{"error": "busy"}')
    }
    const {baseUrl, received} = await chatServer([busy, busy, OK])
    const answer = await answerRequest(context(baseUrl), LINE)
    expect(received).toEqual(Array(3).fill('POST /v1/chat/completions t-1'))
    expect(answer).toMatchObject({custom_id: 't-1', attempts: 3, error: null, response: {status_code: 200, body: {choices: [{message: {content: 'fine'}}]}}})
  })

  it('keeps the last error answer once the retries are spent, with its status and body', async () => {
    const {baseUrl, received} = await chatServer([(response) => response.writeHead(500).end('upstream exploded')])
    const answer = await answerRequest(context(baseUrl, {maxRetries: 1}), LINE)
    expect(received).toHaveLength(2)
    expect(answer).toMatchObject({attempts: 2, error: null, response: {status_code: 500, body: 'upstream exploded'}})
  })

  it('does not retry an answer that will not change (400)', async () => {
    const {baseUrl, received} = await chatServer([(response) => response.writeHead(400).end('{"error": {"message": "bad model"}}')])
    const answer = await answerRequest(context(baseUrl), LINE)
    expect(received).toHaveLength(1)
    expect(answer).toMatchObject({attempts: 1, response: {status_code: 400, body: {error: {message: 'bad model'}}}})
  })

  it('times out each silent attempt, retries it, and records a timeout when every attempt was silent', async () => {
    const {baseUrl, received} = await chatServer([() => undefined])
    const answer = await answerRequest(context(baseUrl, {timeoutSeconds: 0.2, maxRetries: 1}), LINE)
    expect(received).toHaveLength(2)
    expect(answer).toMatchObject({attempts: 2, response: null, error: {code: 'timeout', message: 'no answer within 0.2 s, 2 attempts'}})
  })

  it('answers on the retry after a timed-out first attempt', async () => {
    const {baseUrl, received} = await chatServer([() => undefined, OK])
    const answer = await answerRequest(context(baseUrl, {timeoutSeconds: 1}), LINE)
    expect(received).toHaveLength(2)
    expect(answer).toMatchObject({attempts: 2, error: null, response: {status_code: 200}})
  })

  it('stops the whole run on a refused key, naming the variable and never the key', async () => {
    const {baseUrl, received} = await chatServer([(response) => response.writeHead(401).end('{"error": "key secret-lab-key is not valid"}')])
    const failure = await answerRequest(context(baseUrl), LINE).catch((error: unknown) => error)
    expect(received).toHaveLength(1)
    expect(failure).toBeInstanceOf(UserError)
    expect((failure as UserError).message).toMatch(/^endpoint "lab" refused the key \(HTTP 401: .*\); check LAB_KEY in \.env$/)
    expect((failure as UserError).message).not.toContain('secret-lab-key')
  })

  it('says the server cannot be reached once the retries are spent', async () => {
    const {baseUrl} = await chatServer([OK])
    server!.closeAllConnections()
    await new Promise((resolve) => server!.close(resolve))
    server = undefined
    const failure = await answerRequest(context(baseUrl, {maxRetries: 1}), LINE).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(UserError)
    expect((failure as UserError).message).toMatch(/^endpoint "lab" could not be reached at http:\/\/127\.0\.0\.1:\d+\/v1 \(.*ECONNREFUSED.*\); check that the server runs/)
    expect((failure as UserError).exitCode).toBe(3)
  })

  it('drops a request in flight when the run is stopped: no answer, to be sent again on resume', async () => {
    const {baseUrl, received} = await chatServer([() => undefined])
    const stop = new AbortController()
    const pending = answerRequest(context(baseUrl, {signal: stop.signal}), LINE)
    while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    stop.abort()
    await expect(pending).rejects.toBeInstanceOf(RunStopped)
  })

  it('sends nothing once the run is stopped before its turn', async () => {
    const {baseUrl, received} = await chatServer([OK])
    const stop = new AbortController()
    stop.abort()
    await expect(answerRequest(context(baseUrl, {signal: stop.signal}), LINE)).rejects.toBeInstanceOf(RunStopped)
    expect(received).toEqual([])
  })

  it('stops while waiting out a retry-after when the run is stopped', async () => {
    const {baseUrl, received} = await chatServer([(response) => response.writeHead(503, {'retry-after-ms': '20000'}).end()])
    const stop = new AbortController()
    const pending = answerRequest({...context(baseUrl, {signal: stop.signal}), policy: {maxRetries: 2, maxDelayMs: 60_000}}, LINE)
    while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    stop.abort()
    await expect(pending).rejects.toBeInstanceOf(RunStopped)
    expect(received).toHaveLength(1)
  })

  it('an endpoint without a key sends no authorization, and a 403 to it says to add key_variable', async () => {
    const authorizations: (string | undefined)[] = []
    const {baseUrl} = await chatServer([(response) => response.writeHead(403).end()])
    server!.prependListener('request', (request: IncomingMessage) => authorizations.push(request.headers.authorization))
    const keyless = context(baseUrl)
    const failure = await answerRequest({...keyless, key: undefined, endpoint: {...keyless.endpoint, key_variable: undefined}}, LINE).catch((error: unknown) => error)
    expect(authorizations).toEqual([undefined])
    expect((failure as UserError).message).toBe('endpoint "lab" refused the key (HTTP 403); add "key_variable" for it in bench.endpoints.json')
  })
})
