import {readLines} from '../../core/jsonl.js'
import type {ProviderName} from '../names.js'
import type {BatchClient, StatusReader} from '../types.js'
import type {OpenAIStyleBatch} from './openai-batch-status.js'
import {normalizeOpenAIEnvelope} from './openai-envelope.js'
import {batchId} from './remote-shard.js'
import {bodyOf, readResultFiles} from './result-file.js'
import {benchMetadata, hasBenchMetadata, isoFromUnixSeconds, ORPHAN_SEARCH_LIMIT, submitShard, type CreatedBatch} from './submit-flow.js'
import {shardFile} from './upload-file.js'
import {callVendor, streamVendor, type Vendor} from './vendor-error.js'

/** The calls OpenAI and Groq both offer, each a line or two over its SDK. */
export interface OpenAIStyleApi {
  vendor: Vendor
  uploadFile(file: File): Promise<string>
  createBatch(params: {input_file_id: string; endpoint: string; metadata: Record<string, string>}): Promise<OpenAIStyleBatch>
  retrieveBatch(id: string): Promise<OpenAIStyleBatch>
  cancelBatch(id: string): Promise<unknown>
  /** Most recent first, where the vendor orders them. */
  listBatches(): AsyncIterable<OpenAIStyleBatch>
  fileContent(id: string): Promise<Response>
}

const DEFAULT_ENDPOINT = '/v1/chat/completions'

/** The BatchClient of OpenAI and Groq: same files, same batches, same result envelope. */
export function createOpenAIStyleClient(provider: ProviderName, api: () => OpenAIStyleApi, statusReader: StatusReader): BatchClient {
  const call = <T>(operation: (sdk: OpenAIStyleApi) => Promise<T>): Promise<T> => {
    const sdk = api()
    return callVendor(sdk.vendor, () => operation(sdk))
  }
  return {
    submit: (context) =>
      submitShard(context, {
        upload: async () => call(async (sdk) => sdk.uploadFile(await shardFile(context.file))),
        findCreated: (fileId) =>
          call(async (sdk) => {
            let seen = 0
            for await (const batch of sdk.listBatches()) {
              if (batch.input_file_id === fileId && hasBenchMetadata(batch.metadata, context)) return created(batch)
              if (++seen >= ORPHAN_SEARCH_LIMIT) break
            }
            return undefined
          }),
        create: async (fileId) => {
          const endpoint = await shardEndpoint(context.file)
          return call(async (sdk) =>
            created(await sdk.createBatch({input_file_id: String(fileId), endpoint, metadata: benchMetadata(context)})),
          )
        },
      }),
    status: statusReader.status,
    results: (remote, model) =>
      streamVendor(() => api().vendor, async function* () {
        const batch = await call((sdk) => sdk.retrieveBatch(batchId(remote)))
        const fileIds = [batch.output_file_id, batch.error_file_id].filter((id): id is string => Boolean(id))
        const files = fileIds.map((id) => ({
          label: `${api().vendor.label} file ${id}`,
          open: async () => bodyOf(await call((sdk) => sdk.fileContent(id))),
        }))
        yield* readResultFiles(files, (value) => normalizeOpenAIEnvelope(value, {model, provider}))
      }),
    cancel: async (remote) => {
      await call((sdk) => sdk.cancelBatch(batchId(remote)))
    },
  }
}

function created(batch: OpenAIStyleBatch): CreatedBatch {
  return {batch_id: batch.id, created_at: isoFromUnixSeconds(batch.created_at)}
}

/** The batch endpoint must equal every line's `url`; the format chose it, so read it back. */
async function shardEndpoint(file: string): Promise<string> {
  for await (const {text} of readLines(file)) {
    const url = (JSON.parse(text) as {url?: unknown}).url
    return typeof url === 'string' ? url : DEFAULT_ENDPOINT
  }
  return DEFAULT_ENDPOINT
}
