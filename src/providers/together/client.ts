import Together from 'together-ai'

import {AnswerShape} from '../shared/answer-shape.js'
import {lazy} from '../shared/lazy.js'
import {normalizeOpenAIEnvelope} from '../shared/openai-envelope.js'
import {batchId} from '../shared/remote-shard.js'
import {bodyOf, readResultFiles} from '../shared/result-file.js'
import {createRetryingFetch} from '../shared/retrying-fetch.js'
import {retryPolicy} from '../shared/retry-policy.js'
import {submitShard, type CreatedBatch} from '../shared/submit-flow.js'
import {callVendor, incompleteAnswer, streamVendor, type Vendor} from '../shared/vendor-error.js'
import type {BatchClient} from '../types.js'
import {togetherConnection, togetherStatusReader} from './connection.js'
import {uploadBatchFile} from './together-upload.js'
import type {TogetherJob} from './together-status.js'

interface TogetherSession {
  sdk: Together
  vendor: Vendor
  fetch: typeof fetch
}

/**
 * Together's Batch API. The SDK does everything but the upload and the status read; see `together-upload.ts`. A job keeps no metadata, but the list shows each job's input
 * file, which is how a batch created by a crashed run is found again.
 */
export function createTogetherClient(): BatchClient {
  const session = lazy((): TogetherSession => {
    const {vendor, baseURL} = togetherConnection()
    const fetch = createRetryingFetch(retryPolicy())
    return {
      // The SDK retries 429 and >= 501 but not 500 (providers.md 11.3): bench's fetch retries them all.
      sdk: new Together({apiKey: vendor.key, baseURL, maxRetries: 0, fetch}),
      vendor,
      fetch,
    }
  })
  const call = <T>(operation: (sdk: Together) => Promise<T>): Promise<T> => {
    const {sdk, vendor} = session()
    return callVendor(vendor, () => operation(sdk))
  }
  return {
    submit: (context) =>
      submitShard(context, {
        upload: () =>
          call(async (sdk) => {
            const {vendor, fetch} = session()
            return uploadBatchFile(context.file, {baseURL: sdk.baseURL, key: vendor.key, fetch})
          }),
        findCreated: (fileId) =>
          call(async (sdk) => {
            // The list is a bare array (providers.md 6.4); anything else is named, not searched.
            const jobs = new AnswerShape().list(await sdk.batches.list(), 'the batch list')
            const job = jobs.find((candidate) => (candidate as TogetherJob | null)?.input_file_id === fileId) as TogetherJob | undefined
            return job === undefined ? undefined : created(job)
          }),
        create: (fileId) =>
          call(async (sdk) => {
            const response = await sdk.batches.create({endpoint: '/v1/chat/completions', input_file_id: String(fileId), model_id: context.model})
            // The live API wraps the new job as `{job}`; other answers give it bare (providers.md 11.1).
            const job: TogetherJob = response.job ?? (response as TogetherJob)
            return created(job)
          }),
      }),
    status: togetherStatusReader.status,
    results: (remote, model) =>
      streamVendor(() => session().vendor, async function* () {
        const job: TogetherJob = await call((sdk) => sdk.batches.retrieve(batchId(remote)))
        const fileIds = [job.output_file_id, job.error_file_id].filter((id): id is string => Boolean(id))
        const files = fileIds.map((id) => ({
          label: `Together file ${id}`,
          open: async () => bodyOf(await call((sdk) => sdk.files.content(id))),
        }))
        yield* readResultFiles(files, (value) => normalizeOpenAIEnvelope(value, {model, provider: 'together'}))
      }),
    cancel: async (remote) => {
      await call((sdk) => sdk.batches.cancel(batchId(remote)))
    },
  }
}

function created(job: TogetherJob): CreatedBatch {
  if (job.id === undefined) throw incompleteAnswer('Together', 'created the batch but returned no id')
  return {batch_id: job.id, created_at: job.created_at}
}
