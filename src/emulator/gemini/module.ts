import type {BatchRecord} from '../shared/batch.js'
import type {Engine, HandlerContext, Route, VendorModule} from '../shared/engine.js'
import {existingFile, geminiFileRoutes} from './files.js'
import {mebibytes} from '../shared/limits.js'
import {batchOperation, outputRows, type GeminiBatchData, type GeminiFileData} from './render.js'
import {readCreateBody, readInlineRequests, readInputFile, type GeminiLine} from './requests.js'
import {httpErrorBody} from './status.js'
import {EmulatorHttpError, json, parseJsonBody, type Reply} from '../shared/http.js'
import {withLineProblems} from '../shared/line-problems.js'

/**
 * The Gemini Developer API's batch mode (section 4 of providers.md). Every path starts with an
 * API version segment, any of `v1`, `v1beta`, ...: the SDK's `baseUrl` is the origin itself.
 */

const VERSION = '(?<version>v\\d+\\w*)'
const DEFAULT_PAGE = 50

const batchRoutes: Route[] = [
  {method: 'POST', path: new RegExp(`^/${VERSION}/models/(?<model>[^/:]+):batchGenerateContent$`), operation: 'batches.create', handle: createBatch},
  {method: 'GET', path: new RegExp(`^/${VERSION}/batches$`), operation: 'batches.list', handle: listBatches},
  {method: 'GET', path: new RegExp(`^/${VERSION}/batches/(?<id>[^/:]+)$`), operation: 'batches.get', handle: (context) => json(batchOperation(reported(findBatch(context))))},
  {method: 'POST', path: new RegExp(`^/${VERSION}/batches/(?<id>[^/:]+):cancel$`), operation: 'batches.cancel', handle: cancelBatch},
  {method: 'DELETE', path: new RegExp(`^/${VERSION}/batches/(?<id>[^/:]+)$`), operation: 'batches.delete', handle: deleteBatch},
]

export const geminiModule: VendorModule<GeminiBatchData> = {
  provider: 'gemini',
  routes: [...geminiFileRoutes, ...batchRoutes],
  credential: (headers) => {
    const key = headers['x-goog-api-key']
    return typeof key === 'string' && key !== '' ? key : undefined
  },
  authError: (problem) =>
    problem === 'missing'
      ? new EmulatorHttpError(403, 'permission_denied', 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.')
      : new EmulatorHttpError(400, 'invalid_api_key', 'API key not valid. Please pass a valid API key.'),
  renderError: (error) => json(httpErrorBody(error.status, error.message), error.status),
  // Gemini has no refusal signal: a model that declines says so in its text (see response.ts).
  answerFates: ['safety', 'recitation', 'truncated'],
  // Gemini's batch docs: input files up to 2 GB, inline requests "under 20MB" in all; no request cap.
  limits: {maxRequests: Number.POSITIVE_INFINITY, maxBytes: mebibytes(2048), maxInlineBytes: mebibytes(20)},
  finalize: writeOutput,
  env: (origin) => ({GOOGLE_GEMINI_BASE_URL: origin}),
}

function createBatch(context: HandlerContext): Reply {
  const {engine} = context
  const model = context.params.model!
  const inlineCap = engine.limits('gemini').maxInlineBytes
  if (inlineCap !== undefined && context.body.length > inlineCap) {
    throw new EmulatorHttpError(400, 'invalid_request_error', `Request payload size exceeds the limit: ${inlineCap} bytes.`)
  }
  const {displayName, source} = readCreateBody(parseJsonBody(context.body))
  const lines = 'inline' in source ? readInlineRequests(source.inline, model) : readInputFile(inputFile(engine, source.fileName), source.fileName, model)
  const vendor: GeminiBatchData = {lines: lines.map(({request: _request, ...rest}: GeminiLine) => rest), inline: 'inline' in source}
  if (displayName !== undefined) vendor.displayName = displayName
  const batch = engine.createBatch<GeminiBatchData>({provider: 'gemini', id: engine.newId('', 'digits'), model, lines: lines.map((line) => line.request), vendor})
  return json(batchOperation(reported(batch)))
}

/** The batch's input file; an unknown or expired one is the 403 every Files call gives for it. */
function inputFile(engine: Engine, fileName: string): Buffer {
  return existingFile(engine, fileName.replace(/^files\//, '')).content
}

/** `pageSize` / `pageToken` (the token is the offset of the next page); newest first. */
function listBatches(context: HandlerContext): Reply {
  const all = context.engine.listBatches<GeminiBatchData>('gemini')
  const size = Number(context.query.get('pageSize') ?? DEFAULT_PAGE)
  const start = Number(context.query.get('pageToken') || 0)
  if (!Number.isInteger(size) || size < 1 || !Number.isInteger(start) || start < 0) {
    throw new EmulatorHttpError(400, 'invalid_request_error', 'pageSize must be a positive integer and pageToken a token from an earlier page.')
  }
  const page = all.slice(start, start + size)
  const next = start + size < all.length ? {nextPageToken: String(start + size)} : {}
  return json({operations: page.map((batch) => batchOperation(reported(batch))), ...next})
}

/** The SDK's `cancel` expects `{}` back; the batch settles as CANCELLED later. A finished batch is left as it is. */
function cancelBatch(context: HandlerContext): Reply {
  context.engine.cancelBatch(findBatch(context))
  return json({})
}

/** Deleting a batch also deletes its `files/batch-*` output. */
function deleteBatch(context: HandlerContext): Reply {
  const batch = findBatch(context)
  context.engine.deleteBatch('gemini', batch.id)
  if (batch.files.output !== undefined) context.engine.files.delete('gemini', batch.files.output)
  return json({})
}

/**
 * Writes the results once: a `files/batch-{id}` JSONL for file input, inlined responses for
 * inline input. An expired or failed batch has none; a cancelled one keeps what already ran.
 */
function writeOutput(batch: BatchRecord<GeminiBatchData>, engine: Engine): void {
  if (batch.phase === 'expired' || batch.phase === 'failed') return
  const view = reported(batch)
  const rows = outputRows(view, engine)
  if (batch.phase === 'cancelled' && rows.length === 0) return
  if (batch.vendor.inline) {
    batch.vendor.inlinedResponses = rows.map((row) => row.row as Record<string, unknown>)
    return
  }
  const file = engine.files.put<GeminiFileData>({
    id: `batch-${batch.id}`,
    provider: 'gemini',
    filename: `batch-${batch.id}`,
    purpose: 'batch_output',
    createdAt: engine.now(),
    content: engine.resultJsonl(view, rows),
    vendor: {mimeType: 'application/jsonl', source: 'GENERATED'},
  })
  batch.files.output = file.id
}

function findBatch(context: HandlerContext): BatchRecord<GeminiBatchData> {
  const batch = context.engine.batch<GeminiBatchData>('gemini', context.params.id!)
  if (batch === undefined) throw new EmulatorHttpError(404, 'not_found', `Batch batches/${context.params.id} not found.`)
  return batch
}

/** The batch as Gemini reports it: requests the model cannot run end as error lines. */
function reported(batch: BatchRecord<GeminiBatchData>): BatchRecord<GeminiBatchData> {
  return withLineProblems(batch, batch.vendor.lines.map((line) => line.problem))
}
