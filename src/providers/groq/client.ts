import Groq from 'groq-sdk'

import {AnswerShape} from '../shared/answer-shape.js'
import {lazy} from '../shared/lazy.js'
import type {OpenAIStyleBatch} from '../shared/openai-batch-status.js'
import {createOpenAIStyleClient} from '../shared/openai-style-client.js'
import {retryPolicy} from '../shared/retry-policy.js'
import {incompleteAnswer} from '../shared/vendor-error.js'
import type {BatchClient} from '../types.js'
import {groqConnection, groqStatusReader} from './connection.js'

/**
 * Groq's Batch API: OpenAI's under `/openai/v1` (`GROQ_BASE_URL` is an origin).
 * Only `/v1/chat/completions` is offered; the list is one unpaged response.
 */
export function createGroqClient(): BatchClient {
  return createOpenAIStyleClient(
    'groq',
    lazy(() => {
      const {vendor, baseURL} = groqConnection()
      const sdk = new Groq({apiKey: vendor.key, baseURL, maxRetries: retryPolicy().maxRetries})
      return {
        vendor,
        uploadFile: async (file) => fileId((await sdk.files.create({file, purpose: 'batch'})).id),
        createBatch: (params) => sdk.batches.create({...params, endpoint: '/v1/chat/completions', completion_window: '24h'}),
        retrieveBatch: (id) => sdk.batches.retrieve(id),
        cancelBatch: (id) => sdk.batches.cancel(id),
        listBatches: async function* () {
          const shape = new AnswerShape()
          yield* shape.list(shape.record(await sdk.batches.list(), 'the batch list').data, 'the batch list data') as OpenAIStyleBatch[]
        },
        fileContent: (id) => sdk.files.content(id),
      }
    }),
    groqStatusReader,
  )
}

/** Groq types every response field as optional; an upload without an id is unusable. */
function fileId(id: string | undefined): string {
  if (id === undefined) throw incompleteAnswer('Groq', 'accepted the upload but returned no file id')
  return id
}
