import OpenAI from 'openai'

import {lazy} from '../shared/lazy.js'
import {createOpenAIStyleClient} from '../shared/openai-style-client.js'
import {retryPolicy} from '../shared/retry-policy.js'
import type {BatchClient} from '../types.js'
import {openaiConnection, openaiStatusReader} from './connection.js'

/** OpenAI's Batch API. The SDK retries 408/409/429/5xx itself; it reads the organization and project from the environment. */
export function createOpenAIClient(): BatchClient {
  return createOpenAIStyleClient(
    'openai',
    lazy(() => {
      const {vendor, baseURL} = openaiConnection()
      const sdk = new OpenAI({apiKey: vendor.key, baseURL, maxRetries: retryPolicy().maxRetries})
      return {
        vendor,
        uploadFile: async (file) => (await sdk.files.create({file, purpose: 'batch'})).id,
        createBatch: (params) =>
          sdk.batches.create({...params, endpoint: params.endpoint as OpenAI.BatchCreateParams['endpoint'], completion_window: '24h'}),
        retrieveBatch: (id) => sdk.batches.retrieve(id),
        cancelBatch: (id) => sdk.batches.cancel(id),
        listBatches: () => sdk.batches.list({limit: 100}),
        fileContent: (id) => sdk.files.content(id),
      }
    }),
    openaiStatusReader,
  )
}
