import {openAsBlob} from 'node:fs'
import {basename} from 'node:path'

// The standalone functions over `MistralCore` rather than the `Mistral` class: importing the
// whole SDK takes ~420 ms against ~310 ms for these (Node 24), and `bench get` starts often.
import {MistralCore} from '@mistralai/mistralai/core.js'
import {batchJobsCancel} from '@mistralai/mistralai/funcs/batchJobsCancel.js'
import {batchJobsCreate} from '@mistralai/mistralai/funcs/batchJobsCreate.js'
import {batchJobsGet} from '@mistralai/mistralai/funcs/batchJobsGet.js'
import {batchJobsList} from '@mistralai/mistralai/funcs/batchJobsList.js'
import {filesDownload} from '@mistralai/mistralai/funcs/filesDownload.js'
import {filesUpload} from '@mistralai/mistralai/funcs/filesUpload.js'
import {HTTPClient} from '@mistralai/mistralai/lib/http.js'
import type {BatchJob} from '@mistralai/mistralai/models/components'
import {unwrapAsync} from '@mistralai/mistralai/types/fp.js'

import {lazy} from '../shared/lazy.js'
import {normalizeOpenAIEnvelope} from '../shared/openai-envelope.js'
import {batchId} from '../shared/remote-shard.js'
import {readResultFiles} from '../shared/result-file.js'
import {createRetryingFetch} from '../shared/retrying-fetch.js'
import {retryPolicy} from '../shared/retry-policy.js'
import {benchMetadata, hasBenchMetadata, isoFromUnixSeconds, ORPHAN_SEARCH_LIMIT, submitShard, type CreatedBatch} from '../shared/submit-flow.js'
import {callVendor, streamVendor, type Vendor} from '../shared/vendor-error.js'
import type {BatchClient} from '../types.js'
import {mistralConnection, mistralStatusReader} from './connection.js'

const PAGE_SIZE = 100

interface MistralSession {
  core: MistralCore
  vendor: Vendor
}

/**
 * Mistral's batch jobs. The SDK retries nothing by default, so it gets bench's retrying fetch;
 * where it is pointed is `mistralConnection`'s to say.
 */
export function createMistralClient(): BatchClient {
  const session = lazy((): MistralSession => {
    const {vendor, baseURL} = mistralConnection()
    const httpClient = new HTTPClient({fetcher: createRetryingFetch(retryPolicy())})
    return {
      core: new MistralCore({apiKey: vendor.key, serverURL: baseURL, httpClient, retryConfig: {strategy: 'none'}}),
      vendor,
    }
  })
  const call = <T>(operation: (core: MistralCore) => Promise<T>): Promise<T> => {
    const {core, vendor} = session()
    return callVendor(vendor, () => operation(core))
  }
  const job = (remote: {batch_id?: string}) => call((core) => unwrapAsync(batchJobsGet(core, {jobId: batchId(remote)})))

  return {
    submit: (context) =>
      submitShard(context, {
        upload: () =>
          call(async (core) => {
            const content = await openAsBlob(context.file)
            const file = await unwrapAsync(filesUpload(core, {file: {fileName: basename(context.file), content}, purpose: 'batch'}))
            return file.id
          }),
        findCreated: (fileId) =>
          call(async (core) => {
            for (let page = 0; page * PAGE_SIZE < ORPHAN_SEARCH_LIMIT; page += 1) {
              const list = await unwrapAsync(batchJobsList(core, {page, pageSize: PAGE_SIZE}))
              const jobs = list.data ?? []
              const found = jobs.find((candidate) => candidate.inputFiles.includes(String(fileId)) && hasBenchMetadata(candidate.metadata, context))
              if (found !== undefined) return created(found)
              if (jobs.length < PAGE_SIZE) break
            }
            return undefined
          }),
        create: (fileId) =>
          call(async (core) =>
            created(
              await unwrapAsync(
                batchJobsCreate(core, {inputFiles: [String(fileId)], endpoint: '/v1/chat/completions', model: context.model, metadata: benchMetadata(context)}),
              ),
            ),
          ),
      }),
    status: mistralStatusReader.status,
    results: (remote, model) =>
      streamVendor(() => session().vendor, async function* () {
        const current = await job(remote)
        const fileIds = [current.outputFile, current.errorFile].filter((id): id is string => Boolean(id))
        const files = fileIds.map((id) => ({
          label: `Mistral file ${id}`,
          open: () => call((core) => unwrapAsync(filesDownload(core, {fileId: id}))),
        }))
        yield* readResultFiles(files, (value) => normalizeOpenAIEnvelope(value, {model, provider: 'mistral'}))
      }),
    cancel: async (remote) => {
      await call((core) => unwrapAsync(batchJobsCancel(core, {jobId: batchId(remote)})))
    },
  }
}

function created(job: BatchJob): CreatedBatch {
  return {batch_id: job.id, created_at: isoFromUnixSeconds(job.createdAt)}
}
