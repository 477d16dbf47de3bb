import OpenAI from 'openai'

import {requireApiKey} from '../shared/api-key.js'
import {lazy} from '../shared/lazy.js'
import {createOpenAIStyleClient} from '../shared/openai-style-client.js'
import {retryPolicy} from '../shared/retry-policy.js'
import type {BatchClient} from '../types.js'

/** OpenAI's Batch API. The SDK reads `OPENAI_BASE_URL` itself and retries 408/409/429/5xx. */
export function createOpenAIClient(): BatchClient {
  return createOpenAIStyleClient(
    'openai',
    lazy(() => {
      const key = requireApiKey(['OPENAI_API_KEY'])
      const sdk = new OpenAI({apiKey: key, maxRetries: retryPolicy().maxRetries})
      return {
        vendor: {label: 'OpenAI', keyVariable: 'OPENAI_API_KEY', key},
        uploadFile: async (file) => (await sdk.files.create({file, purpose: 'batch'})).id,
        createBatch: (params) =>
          sdk.batches.create({...params, endpoint: params.endpoint as OpenAI.BatchCreateParams['endpoint'], completion_window: '24h'}),
        retrieveBatch: (id) => sdk.batches.retrieve(id),
        cancelBatch: (id) => sdk.batches.cancel(id),
        listBatches: () => sdk.batches.list({limit: 100}),
        fileContent: (id) => sdk.files.content(id),
      }
    }),
  )
}
