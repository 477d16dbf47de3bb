import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

import {afterEach, describe, expect, it, vi} from 'vitest'

import {UserError} from '../../src/core/errors.js'
import type {EndpointConfig} from '../../src/providers/openai-compatible/endpoint-config.js'
import {listEndpointModels} from '../../src/providers/openai-compatible/list-models.js'
import {VENDOR_EXIT_CODE} from '../../src/providers/shared/vendor-error.js'

/** `bench models --endpoint NAME` in-process: what a server's answer to GET /models tells the user. */

let server: Server | undefined
afterEach(async () => {
  vi.unstubAllEnvs()
  await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)))
  server = undefined
})

/** A server answering GET /v1/models with `status` and `body`; returns the endpoint and the authorization headers it got. */
async function modelsServer(status: number, body: string, keyVariable?: string): Promise<{endpoint: EndpointConfig; authorizations: (string | undefined)[]}> {
  const authorizations: (string | undefined)[] = []
  server = createServer((request, response) => {
    authorizations.push(request.headers.authorization)
    response.writeHead(status, {'content-type': 'application/json'}).end(body)
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  const endpoint: EndpointConfig = {name: 'lab', base_url: baseUrl, key_variable: keyVariable, max_concurrency: 1, timeout_seconds: 5, files: false, set_by: {}, key_home: {label: "endpoint lab's", origins: []}}
  return {endpoint, authorizations}
}

async function refusal(endpoint: EndpointConfig): Promise<UserError> {
  const error = await listEndpointModels(endpoint).then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(UserError)
  expect((error as UserError).exitCode).toBe(VENDOR_EXIT_CODE)
  return error as UserError
}

describe('listEndpointModels', () => {
  it('lists the ids of {data: [{id}]} sorted, skipping entries without an id, and sends no key to an endpoint that takes none', async () => {
    const {endpoint, authorizations} = await modelsServer(200, JSON.stringify({object: 'list', data: [{id: 'qwen3:8b'}, {id: 'llama3.2'}, {object: 'model'}, null]}))
    expect(await listEndpointModels(endpoint)).toEqual({endpoint: 'lab', base_url: endpoint.base_url, key_variable: undefined, models: ['llama3.2', 'qwen3:8b']})
    expect(authorizations).toEqual([undefined])
  })

  it('an empty list is an answer: no models', async () => {
    const {endpoint} = await modelsServer(200, JSON.stringify({object: 'list', data: []}))
    expect((await listEndpointModels(endpoint)).models).toEqual([])
  })

  it('a 200 that is not a model list (a web page, another API) is refused, not shown as "0 models"', async () => {
    for (const body of ['<html><body>Welcome</body></html>', JSON.stringify({models: [{name: 'llama3.2'}]})]) {
      const {endpoint} = await modelsServer(200, body)
      expect((await refusal(endpoint)).message).toBe(
        `endpoint "lab" answered ${endpoint.base_url}/models with no model list ({"data": [{"id": ...}]}); check its base_url (it ends in /v1 on most servers)`,
      )
      await new Promise((resolve) => server!.close(resolve))
      server = undefined
    }
  })

  it('a refused key names the variable and never shows the key, even when the server echoes it', async () => {
    vi.stubEnv('LAB_KEY', 'sk-lab-0123456789')
    const {endpoint, authorizations} = await modelsServer(401, '{"error": {"message": "Invalid key sk-lab-0123456789"}}', 'LAB_KEY')
    const {message} = await refusal(endpoint)
    expect(message).toBe('endpoint "lab" answered 401: {"error": {"message": "Invalid key ***"}}; the key was refused: check LAB_KEY')
    expect(authorizations).toEqual(['Bearer sk-lab-0123456789'])
  })

  it('another error status with an empty body points at the base_url', async () => {
    const {endpoint} = await modelsServer(404, '')
    expect((await refusal(endpoint)).message).toBe('endpoint "lab" answered 404; check its base_url')
  })

  it('a server that is not there: could not be reached, with the cause', async () => {
    const {endpoint} = await modelsServer(200, '{}')
    await new Promise((resolve) => server!.close(resolve))
    server = undefined
    expect((await refusal(endpoint)).message).toMatch(/^endpoint "lab" could not be reached at http:\/\/127\.0\.0\.1:\d+\/v1 \(.*ECONNREFUSED.*\); check that the server runs and its base_url$/)
  })
})
