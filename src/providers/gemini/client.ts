import {GoogleGenAI} from '@google/genai'

import {requireApiKey} from '../shared/api-key.js'
import {lazy} from '../shared/lazy.js'
import {batchId} from '../shared/remote-shard.js'
import {bodyOf, readResultFiles} from '../shared/result-file.js'
import {createRetryingFetch} from '../shared/retrying-fetch.js'
import {retryPolicy} from '../shared/retry-policy.js'
import {ORPHAN_SEARCH_LIMIT, submitShard, type CreatedBatch} from '../shared/submit-flow.js'
import {callVendor, incompleteAnswer, streamVendor, type Vendor} from '../shared/vendor-error.js'
import type {BatchClient, RemoteShard, SubmitContext} from '../types.js'
import {normalizeGeminiLine} from './gemini-results.js'
import {geminiGet, type GeminiEndpoint} from './gemini-rest.js'
import {geminiStatus, inlinedResponses, responsesFile, type GeminiOperation} from './gemini-status.js'

const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com'
/** The Batch API is documented on v1beta; pinned so the SDK and bench's own reads agree. */
const API_VERSION = 'v1beta'

interface GeminiSession {
  ai: GoogleGenAI
  endpoint: GeminiEndpoint
  vendor: Vendor
}

/**
 * Gemini's Batch API (Developer API). The SDK does not retry by default, so it gets bench's
 * retrying fetch; status and results read the REST resources directly (see `gemini-rest.ts`).
 */
export function createGeminiClient(): BatchClient {
  const session = lazy((): GeminiSession => {
    const key = requireApiKey(['GEMINI_API_KEY', 'GOOGLE_API_KEY'])
    const baseUrl = (process.env.GOOGLE_GEMINI_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, '')
    const fetch = createRetryingFetch(retryPolicy())
    return {
      ai: new GoogleGenAI({apiKey: key, vertexai: false, apiVersion: API_VERSION, httpOptions: {baseUrl, fetch}}),
      endpoint: {baseUrl, apiVersion: API_VERSION, key, fetch},
      vendor: {label: 'Gemini', keyVariable: 'GEMINI_API_KEY', key},
    }
  })
  const call = <T>(operation: (session: GeminiSession) => Promise<T>): Promise<T> => {
    const current = session()
    return callVendor(current.vendor, () => operation(current))
  }
  const operation = (remote: RemoteShard) =>
    call(async ({endpoint}) => (await (await geminiGet(endpoint, batchName(remote))).json()) as GeminiOperation)

  return {
    submit: (context) =>
      submitShard(context, {
        upload: () =>
          call(async ({ai}) => {
            // A path upload is read from disk chunk by chunk; `jsonl` must be named, the SDK cannot guess it.
            const file = await ai.files.upload({file: context.file, config: {mimeType: 'jsonl', displayName: displayName(context)}})
            if (file.name === undefined) throw incompleteAnswer('Gemini', 'accepted the upload but returned no file name')
            return file.name
          }),
        findCreated: () =>
          call(async ({ai}) => {
            let seen = 0
            for await (const job of await ai.batches.list({config: {pageSize: 100}})) {
              if (job.displayName === displayName(context) && job.name !== undefined) return created(job)
              if (++seen >= ORPHAN_SEARCH_LIMIT) break
            }
            return undefined
          }),
        create: (fileName) =>
          call(async ({ai}) => created(await ai.batches.create({model: context.model, src: String(fileName), config: {displayName: displayName(context)}}))),
      }),
    status: async (remote) => geminiStatus(await operation(remote)),
    results: (remote, model) =>
      streamVendor(() => session().vendor, async function* () {
        const current = await operation(remote)
        const normalize = (value: unknown) => normalizeGeminiLine(value, {model, provider: 'gemini'})
        yield inlinedResponses(current)
          .map(normalize)
          .filter((line) => line !== undefined)
        const file = responsesFile(current)
        if (file === undefined) return
        yield* readResultFiles(
          [{label: `Gemini file ${file}`, open: async () => bodyOf(await call(({endpoint}) => geminiGet(endpoint, `${file}:download?alt=media`)))}],
          normalize,
        )
      }),
    cancel: async (remote) => {
      await call(({ai}) => ai.batches.cancel({name: batchName(remote)}))
    },
  }
}

/** Gemini names batches `batches/<id>`; a bare id (as typed by a user) is accepted too. */
function batchName(remote: RemoteShard): string {
  const id = batchId(remote)
  return id.startsWith('batches/') ? id : `batches/${id}`
}

/** Gemini keeps no metadata, but a display name: `<name>#<shard>` finds the batch again. */
function displayName(context: Pick<SubmitContext, 'name' | 'shard'>): string {
  return `${context.name}#${context.shard}`
}

function created(job: {name?: string; createTime?: string}): CreatedBatch {
  if (job.name === undefined) throw incompleteAnswer('Gemini', 'created the batch but returned no name')
  return {batch_id: job.name, submitted_at: job.createTime ?? new Date().toISOString()}
}
