import {afterEach, describe, expect, it} from 'vitest'

import {BASE_URL_VARIABLES, collect, startHarness, submitContext, textRequests, waitUntilEnded, type ClientHarness} from './harness.js'
import {CuttingProxy} from '../support/cutting-proxy.js'
import type {ProviderName} from '../../src/providers/names.js'

/**
 * Gemini's and Mistral's SDKs retry nothing themselves, and Together's leaves connection
 * failures to bench: their clients send through bench's retrying fetch. Here the network drops
 * a request before it is answered, and the client must send it again.
 */
const VENDORS: {provider: ProviderName; model: string}[] = [
  {provider: 'gemini', model: 'gemini-2.5-flash'},
  {provider: 'mistral', model: 'mistral-small-latest'},
  {provider: 'together', model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo'},
]

let harness: ClientHarness | undefined
let proxy: CuttingProxy | undefined
afterEach(async () => {
  await proxy?.close()
  await harness?.close()
})

/** The vendor's emulator behind a proxy that drops the connection of the requests `dropped` picks. */
async function behindProxy(provider: ProviderName, dropped: (method: string, path: string, index: number) => boolean): Promise<{harness: ClientHarness; proxy: CuttingProxy}> {
  harness = await startHarness(provider, {batchSeconds: 0})
  const variable = BASE_URL_VARIABLES[provider]
  const direct = new URL(process.env[variable]!)
  let index = 0
  proxy = await CuttingProxy.start(direct.origin, (method, path) => (dropped(method, path, index++) ? {kind: 'drop'} : undefined))
  process.env[variable] = proxy.url + direct.pathname.replace(/\/$/, '')
  return {harness, proxy}
}

describe.each(VENDORS)('the $provider client on a connection that drops', ({provider, model}) => {
  it('sends a dropped request again: the upload and the create each reach the vendor once', async () => {
    const {harness, proxy} = await behindProxy(provider, (_method, _path, index) => index === 0)
    const file = await harness.writeShard(textRequests(2), model)
    const client = await harness.client()
    const {remote} = await client.submit(submitContext(file, 2, model))
    expect(proxy.count('drop')).toBe(1)
    // The dropped request was sent a second time: the first request and the one after it are the same call.
    expect(proxy.seen[1]!.request).toBe(proxy.seen[0]!.request)
    expect(harness.calls('batches.create')).toBe(1)
    await waitUntilEnded(client, remote)
    expect((await collect(client.results(remote, model))).map((line) => line.custom_id)).toEqual(['q-1', 'q-2'])
  })

  it('gives up after BENCH_MAX_RETRIES retries, with a one-line error that holds no key', async () => {
    const {harness, proxy} = await behindProxy(provider, () => true)
    const file = await harness.writeShard(textRequests(1), model)
    const client = await harness.client()
    const failure = await client.submit(submitContext(file, 1, model)).then(
      () => undefined,
      (error: unknown) => error as Error,
    )
    expect(failure).toBeInstanceOf(Error)
    // The first attempt and BENCH_MAX_RETRIES=2 retries, then no more.
    expect(proxy.count('drop')).toBe(3)
    expect(failure!.message.split('\n')).toHaveLength(1)
    expect(failure!.message).not.toContain('test-key')
  })
})
