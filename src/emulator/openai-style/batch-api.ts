import type {BatchRecord} from '../shared/batch.js'
import {lineRequestFromChatBody, type ChatDialect} from './chat-format.js'
import type {AnswerFateKind} from '../shared/faults.js'
import type {Engine, HandlerContext, Route, VendorModule} from '../shared/engine.js'
import type {StoredFile} from '../shared/files.js'
import {EmulatorHttpError, bearerKey, json, parseForm, parseJsonBody, raw, type KeyProblem, type Reply} from '../shared/http.js'
import type {IdFormat} from '../shared/ids.js'
import {readBatchInput} from './input-file.js'
import type {BatchLimits} from '../shared/limits.js'
import {
  batchObject,
  fileObject,
  renderOpenAIError,
  writeResultFiles,
  type OpenAIBatchData,
} from './shapes.js'

/**
 * One Batch API in OpenAI's dialect, configured per vendor: OpenAI itself and Groq (which serves
 * the same protocol under `/openai/v1`, without list paging, with a longer window).
 */
export interface OpenAIStyleSettings {
  provider: 'openai' | 'groq'
  /** Path prefix of every route: `/v1` or `/openai/v1`. */
  prefix: string
  idFormat: IdFormat
  /** `file-` (OpenAI) or `file_` (Groq). */
  fileIdPrefix: string
  /** Purposes `files.create` accepts. */
  purposes: string[]
  /** Batch `endpoint` values accepted. */
  endpoints: string[]
  /** The window's length in seconds, or undefined when the vendor refuses the value. */
  completionWindow(value: string): number | undefined
  /** Human description of the accepted windows, for the 400 message. */
  windowHint: string
  /** True when `GET /batches` pages with `after`/`limit` (OpenAI). */
  paginates: boolean
  /** Vendor fields added to each chat completion body (`system_fingerprint`, `x_groq`). */
  completionExtra(engine: Engine): Record<string, unknown>
  /** The vendor's assistant message and finish reasons. */
  chat: ChatDialect
  /** The answer fates the vendor's result lines can express. */
  answerFates: readonly AnswerFateKind[]
  limits: BatchLimits
  /**
   * How long batch files live (input and output), when the vendor deletes them, and the range a
   * client may set with `expires_after` (seconds); absent: files live until deleted.
   */
  batchFileLifetime?: {defaultSeconds: number; minSeconds: number; maxSeconds: number}
  /** Messages of the 401 for a missing and a rejected key. */
  authMessages: Record<KeyProblem, string>
  env: (origin: string) => Record<string, string>
}

/** Builds the vendor module for an OpenAI-style Batch API. */
export function createOpenAIStyleModule(settings: OpenAIStyleSettings): VendorModule<OpenAIBatchData> {
  const prefix = settings.prefix
  const routes: Route[] = [
    {method: 'POST', path: `${prefix}/files`, operation: 'files.create', handle: (context) => uploadFile(context, settings)},
    {method: 'GET', path: `${prefix}/files`, operation: 'files.list', handle: (context) => listFiles(context, settings)},
    {method: 'GET', path: `${prefix}/files/{id}`, operation: 'files.retrieve', handle: (context) => json(fileObject(findFile(context), settings))},
    {method: 'DELETE', path: `${prefix}/files/{id}`, operation: 'files.delete', handle: (context) => deleteFile(context)},
    {method: 'GET', path: `${prefix}/files/{id}/content`, operation: 'files.content', handle: (context) => raw(findFile(context).content, 'application/octet-stream')},
    {method: 'POST', path: `${prefix}/batches`, operation: 'batches.create', handle: (context) => createBatch(context, settings)},
    {method: 'GET', path: `${prefix}/batches`, operation: 'batches.list', handle: (context) => listBatches(context, settings)},
    {method: 'GET', path: `${prefix}/batches/{id}`, operation: 'batches.retrieve', handle: (context) => json(batchObject(findBatch(context), settings))},
    {method: 'POST', path: `${prefix}/batches/{id}/cancel`, operation: 'batches.cancel', handle: (context) => cancelBatch(context, settings)},
  ]
  return {
    provider: settings.provider,
    routes,
    credential: bearerKey,
    authError: (problem) => new EmulatorHttpError(401, problem === 'invalid' ? 'invalid_api_key' : 'invalid_request_error', settings.authMessages[problem]),
    renderError: renderOpenAIError,
    answerFates: settings.answerFates,
    limits: settings.limits,
    finalize: (batch, engine) => writeResultFiles(batch, engine, settings),
    env: settings.env,
  }
}

async function uploadFile(context: HandlerContext, settings: OpenAIStyleSettings): Promise<Reply> {
  const form = await parseForm(context.body, context.headers['content-type'])
  const file = form.get('file')
  const purpose = form.get('purpose')
  if (!(file instanceof File)) throw new EmulatorHttpError(400, 'invalid_request_error', "Missing required parameter: 'file'.", 'file')
  if (typeof purpose !== 'string' || !settings.purposes.includes(purpose)) {
    throw new EmulatorHttpError(400, 'invalid_request_error', `Invalid 'purpose': expected one of ${settings.purposes.join(', ')}.`, 'purpose')
  }
  const content = Buffer.from(await file.arrayBuffer())
  // The Batch API's cap on its input files, refused at upload (a curator issue quotes the message).
  if (purpose === 'batch' && content.length > context.engine.limits(settings.provider).maxBytes) {
    throw new EmulatorHttpError(400, 'invalid_request_error', 'File is too large.', 'file')
  }
  const createdAt = context.engine.now()
  const lifetime = purpose === 'batch' ? lifetimeSeconds(form, settings) : undefined
  const stored = context.engine.files.put({
    id: context.engine.newId(settings.fileIdPrefix, settings.idFormat),
    provider: settings.provider,
    filename: file.name,
    purpose,
    createdAt,
    ...(lifetime === undefined ? {} : {expiresAt: createdAt + lifetime * 1000}),
    content,
    vendor: undefined,
  })
  return json(fileObject(stored, settings))
}

/**
 * How long an uploaded batch file lives: `expires_after[seconds]` (anchor `created_at`) within
 * the vendor's range, else its default (openai-node `FileCreateParams.ExpiresAfter`: 3600 to
 * 2592000 s, batch files 30 days by default).
 */
function lifetimeSeconds(form: FormData, settings: OpenAIStyleSettings): number | undefined {
  const lifetime = settings.batchFileLifetime
  const asked = form.get('expires_after[seconds]')
  if (lifetime === undefined || asked === null) return lifetime?.defaultSeconds
  const seconds = Number(asked)
  if (!Number.isInteger(seconds) || seconds < lifetime.minSeconds || seconds > lifetime.maxSeconds || form.get('expires_after[anchor]') !== 'created_at') {
    throw new EmulatorHttpError(
      400,
      'invalid_request_error',
      `Invalid 'expires_after': anchor must be 'created_at' and seconds between ${lifetime.minSeconds} and ${lifetime.maxSeconds}.`,
      'expires_after',
    )
  }
  return seconds
}

function listFiles(context: HandlerContext, settings: OpenAIStyleSettings): Reply {
  const data = context.engine.files.list(settings.provider).reverse().map((file) => fileObject(file, settings))
  return json(settings.paginates ? {object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: false} : {object: 'list', data})
}

function deleteFile(context: HandlerContext): Reply {
  const file = findFile(context)
  context.engine.files.delete(context.provider, file.id)
  return json({id: file.id, object: 'file', deleted: true})
}

function findFile(context: HandlerContext): StoredFile {
  const file = context.engine.files.get(context.provider, context.params.id!)
  if (file === undefined) throw new EmulatorHttpError(404, 'not_found', `No such File object: ${context.params.id}`, 'id')
  return file
}

function findBatch(context: HandlerContext, advance = true): BatchRecord<OpenAIBatchData> {
  const batch = context.engine.batch<OpenAIBatchData>(context.provider, context.params.id!, {advance})
  if (batch === undefined) throw new EmulatorHttpError(404, 'not_found', `No batch found with id '${context.params.id}'.`)
  return batch
}

function createBatch(context: HandlerContext, settings: OpenAIStyleSettings): Reply {
  const body = parseJsonBody(context.body) as Record<string, unknown>
  const {input_file_id: inputFileId, endpoint, completion_window: window} = body
  if (typeof inputFileId !== 'string') throw new EmulatorHttpError(400, 'invalid_request_error', "Missing required parameter: 'input_file_id'.", 'input_file_id')
  if (typeof endpoint !== 'string' || !settings.endpoints.includes(endpoint)) {
    throw new EmulatorHttpError(400, 'invalid_request_error', `Invalid 'endpoint': expected one of ${settings.endpoints.join(', ')}.`, 'endpoint')
  }
  const windowSeconds = typeof window === 'string' ? settings.completionWindow(window) : undefined
  if (windowSeconds === undefined) throw new EmulatorHttpError(400, 'invalid_request_error', `Invalid 'completion_window': ${settings.windowHint}.`, 'completion_window')
  const metadata = checkMetadata(body.metadata)
  const file = context.engine.files.get(context.provider, inputFileId)
  if (file === undefined) throw new EmulatorHttpError(404, 'not_found', `No such File object: ${inputFileId}`, 'input_file_id')

  const input = readBatchInput(file.content, {
    requireModel: true,
    maxRequests: context.engine.limits(settings.provider).maxRequests,
    checkLine: (line, lineNumber) => {
      if (line.method !== 'POST') return {code: 'invalid_request', message: "The 'method' of each request must be 'POST'.", param: 'method', line: lineNumber}
      if (line.url !== endpoint) {
        return {code: 'invalid_url', message: `The 'url' of each request must match the batch endpoint '${endpoint}'.`, param: 'url', line: lineNumber}
      }
      return undefined
    },
    toRequest: (line) => lineRequestFromChatBody(line.custom_id, line.body),
  })
  const batch = context.engine.createBatch<OpenAIBatchData>({
    provider: settings.provider,
    id: context.engine.newId('batch_', settings.idFormat),
    model: 'lines' in input ? input.lines[0]!.model : '',
    lines: 'lines' in input ? input.lines : [],
    problem: 'problem' in input ? input.problem : undefined,
    vendor: {endpoint, input_file_id: inputFileId, completion_window: window as string, windowSeconds, metadata},
  })
  return json(batchObject(batch, settings))
}

/** OpenAI's metadata rules: at most 16 string pairs, keys up to 64 and values up to 512 characters. */
function checkMetadata(metadata: unknown): Record<string, string> | null {
  if (metadata === undefined || metadata === null) return null
  const entries = typeof metadata === 'object' && !Array.isArray(metadata) ? Object.entries(metadata) : undefined
  const valid = entries !== undefined && entries.length <= 16 && entries.every(([key, value]) => key.length <= 64 && typeof value === 'string' && value.length <= 512)
  if (!valid) throw new EmulatorHttpError(400, 'invalid_request_error', "Invalid 'metadata': at most 16 string pairs, keys up to 64 and values up to 512 characters.", 'metadata')
  return metadata as Record<string, string>
}

function listBatches(context: HandlerContext, settings: OpenAIStyleSettings): Reply {
  const all = context.engine.listBatches<OpenAIBatchData>(settings.provider)
  if (!settings.paginates) return json({object: 'list', data: all.map((batch) => batchObject(batch, settings))})
  const after = context.query.get('after')
  const limit = Math.min(100, Math.max(1, Number(context.query.get('limit') ?? 20) || 20))
  const start = after === null ? 0 : all.findIndex((batch) => batch.id === after) + 1
  const page = all.slice(start, start + limit).map((batch) => batchObject(batch, settings))
  return json({object: 'list', data: page, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null, has_more: start + limit < all.length})
}

function cancelBatch(context: HandlerContext, settings: OpenAIStyleSettings): Reply {
  const batch = findBatch(context, false)
  if (!context.engine.cancelBatch(batch)) {
    throw new EmulatorHttpError(400, 'invalid_request_error', `Cannot cancel a batch with status '${batch.phase}'.`)
  }
  return json(batchObject(batch, settings))
}
