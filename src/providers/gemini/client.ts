import {GoogleGenAI} from '@google/genai'

import {lazy} from '../shared/lazy.js'
import {batchId} from '../shared/remote-shard.js'
import {bodyOf, readResultFiles} from '../shared/result-file.js'
import {createRetryingFetch} from '../shared/retrying-fetch.js'
import {retryPolicy} from '../shared/retry-policy.js'
import {ORPHAN_SEARCH_LIMIT, submitShard, type CreatedBatch} from '../shared/submit-flow.js'
import {readBatchResource} from '../shared/status-reader.js'
import {callVendor, incompleteAnswer, streamVendor} from '../shared/vendor-error.js'
import type {BatchClient, SubmitContext} from '../types.js'
import {batchName, GEMINI_API_VERSION, geminiConnection, geminiOperation, geminiStatusReader, type GeminiConnection} from './connection.js'
import {normalizeGeminiLine} from './gemini-results.js'
import {geminiDownload} from './gemini-rest.js'
import {inlinedResponses, responsesFile} from './gemini-status.js'

interface GeminiSession {
  ai: GoogleGenAI
  connection: GeminiConnection
  fetch: typeof fetch
}

/**
 * Gemini's Batch API (Developer API). The SDK does not retry by default, so it gets bench's
 * retrying fetch; the batch operation and results files are read as REST resources directly
 * (see `connection.ts` and `gemini-rest.ts`).
 */
export function createGeminiClient(): BatchClient {
  const session = lazy((): GeminiSession => {
    const connection = geminiConnection()
    const fetch = createRetryingFetch(retryPolicy())
    const ai = withoutKeyWarning(() => new GoogleGenAI({apiKey: connection.vendor.key, vertexai: false, apiVersion: GEMINI_API_VERSION, httpOptions: {baseUrl: connection.origin, fetch}}))
    return {ai, connection, fetch}
  })
  const call = <T>(operation: (session: GeminiSession) => Promise<T>): Promise<T> => {
    const current = session()
    return callVendor(current.connection.vendor, () => operation(current))
  }

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
    status: geminiStatusReader.status,
    results: (remote, model) =>
      streamVendor(() => session().connection.vendor, async function* () {
        const current = await readBatchResource(geminiOperation, remote)
        const normalize = (value: unknown) => normalizeGeminiLine(value, {model, provider: 'gemini'})
        yield inlinedResponses(current)
          .map(normalize)
          .filter((line) => line !== undefined)
        const file = responsesFile(current)
        if (file === undefined) return
        yield* readResultFiles(
          [{label: `Gemini file ${file}`, open: async () => bodyOf(await call(({connection, fetch}) => geminiDownload(connection, fetch, file)))}],
          normalize,
        )
      }),
    cancel: async (remote) => {
      await call(({ai}) => ai.batches.cancel({name: batchName(batchId(remote))}))
    },
  }
}

/**
 * The SDK's constructor reads both key variables even when given a key, and warns on the console
 * whenever both are set; bench has said which key it uses already (connection.ts), once.
 */
function withoutKeyWarning<T>(construct: () => T): T {
  const warn = console.warn
  console.warn = (...data: unknown[]) => {
    if (!String(data[0]).startsWith('Both GOOGLE_API_KEY and GEMINI_API_KEY are set')) warn(...data)
  }
  try {
    return construct()
  } finally {
    console.warn = warn
  }
}

/** Gemini keeps no metadata, but a display name: `<name>#<shard>` finds the batch again. */
function displayName(context: Pick<SubmitContext, 'name' | 'shard'>): string {
  return `${context.name}#${context.shard}`
}

function created(job: {name?: string; createTime?: string}): CreatedBatch {
  if (job.name === undefined) throw incompleteAnswer('Gemini', 'created the batch but returned no name')
  return {batch_id: job.name, created_at: job.createTime}
}
