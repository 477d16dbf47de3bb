import Anthropic from '@anthropic-ai/sdk'
import type {BatchCreateParams} from '@anthropic-ai/sdk/resources/messages/batches'

import {readJsonl} from '../../core/jsonl.js'
import {lazy} from '../shared/lazy.js'
import {batchId} from '../shared/remote-shard.js'
import {bodyOf, readResultFiles} from '../shared/result-file.js'
import {retryPolicy} from '../shared/retry-policy.js'
import {submitShard} from '../shared/submit-flow.js'
import {callVendor, streamVendor} from '../shared/vendor-error.js'
import type {BatchClient} from '../types.js'
import {normalizeAnthropicLine} from './anthropic-results.js'
import {anthropicConnection, anthropicStatusReader, checkedResultsUrl} from './connection.js'

/** Anthropic keeps no name or metadata on a batch, so a crashed run's batch cannot be matched. */
const ORPHAN_WARNING =
  'Anthropic batches carry no name: if an earlier run crashed right after creating this batch, a duplicate may be running; ' +
  'compare `bench list` with the Batches page of the Anthropic console and cancel the one bench does not know'

/** Anthropic's Message Batches API: requests go inline in the create body, no file upload. */
export function createAnthropicClient(): BatchClient {
  const session = lazy(() => {
    const connection = anthropicConnection()
    const {vendor, baseURL} = connection
    // The key is passed explicitly: without one, SDK 1.x would try a profile credential chain.
    return {sdk: new Anthropic({apiKey: vendor.key, baseURL, maxRetries: retryPolicy().maxRetries}), vendor, connection}
  })
  const call = <T>(operation: (sdk: Anthropic) => Promise<T>): Promise<T> => {
    const {sdk, vendor} = session()
    return callVendor(vendor, () => operation(sdk))
  }
  return {
    submit: (context) =>
      submitShard(context, {
        create: async () => {
          const requests = await readRequests(context.file)
          const batch = await call((sdk) => sdk.messages.batches.create({requests}))
          return {batch_id: batch.id, created_at: batch.created_at}
        },
        orphanWarning: ORPHAN_WARNING,
      }),
    status: anthropicStatusReader.status,
    results: (remote, model) =>
      streamVendor(() => session().vendor, async function* () {
        const batch = await call((sdk) => sdk.messages.batches.retrieve(batchId(remote)))
        if (batch.results_url === null) return
        const url = checkedResultsUrl(batch.results_url, session().connection)
        // Fetched raw rather than through `batches.results()`, whose decoder throws on the first
        // malformed line and loses the rest; this way such a line is skipped like everywhere else.
        const file = {
          label: `Anthropic results of ${batch.id}`,
          open: async () =>
            bodyOf(await call((sdk) => sdk.get<Response>(url, {headers: {Accept: 'application/binary'}, __binaryResponse: true}))),
        }
        yield* readResultFiles([file], (value) => normalizeAnthropicLine(value, {model, provider: 'anthropic'}))
      }),
    cancel: async (remote) => {
      await call((sdk) => sdk.messages.batches.cancel(batchId(remote)))
    },
  }
}

/** The shard's `{custom_id, params}` lines, which Anthropic takes as the create body itself. */
async function readRequests(file: string): Promise<BatchCreateParams.Request[]> {
  const requests: BatchCreateParams.Request[] = []
  for await (const {value} of readJsonl<BatchCreateParams.Request>(file)) requests.push(value)
  return requests
}
