import type {BatchRecord, LineOutcome} from '../shared/batch.js'
import {countOutcomes} from '../shared/batch.js'
import {chatCompletionBody, lineRequestFromChatBody, plainChatUsage, type ChatDialect} from '../openai-style/chat-format.js'
import type {Engine, HandlerContext, Route, VendorModule} from '../shared/engine.js'
import {jsonlLineCount, openAIFileFields} from '../openai-style/file-object.js'
import type {StoredFile} from '../shared/files.js'
import {EmulatorHttpError, bearerKey, empty, json, parseForm, parseJsonBody, raw, type Reply} from '../shared/http.js'
import {readBatchInput} from '../openai-style/input-file.js'
import {mebibytes} from '../shared/limits.js'
import {writeOutputAndErrorFiles} from '../openai-style/result-files.js'

/**
 * Together's Batch API (`/v1`): `{job}`-wrapped create, bare jobs and arrays elsewhere, UPPERCASE
 * statuses with the undocumented `CANCELING`, ISO timestamps, `progress` instead of counts.
 *
 * Uploads take either route there is evidence for (see the README's vendor notes):
 * - the documented one, multipart `POST /v1/files/upload`, answered with the processed file
 *   (docs.together.ai/reference/upload-file); bench uses it;
 * - the SDKs' three steps, `POST /v1/files` -> 302 -> PUT to a presigned URL, after which the
 *   Python SDKs call the undocumented `POST /v1/files/{id}/preprocess` and the TypeScript SDK
 *   does not. Until that call the file shows `Processed: false`; what the live API does with a
 *   batch of such a file is not known, so the emulator runs it.
 */

interface TogetherBatchData {
  endpoint: string
  input_file_id: string
  fileSize: number
}

interface TogetherFileData {
  /** False between the 302 and the PUT of the bytes. */
  uploaded: boolean
  /** False after a three-step upload until `POST /files/{id}/preprocess`. */
  processed: boolean
}

const PURPOSES = ['batch-api', 'fine-tune', 'eval']
const FILE_TYPES = ['jsonl', 'parquet', 'csv']
const ENDPOINTS = ['/v1/chat/completions', '/v1/audio/transcriptions', '/v1/audio/translations']

const routes: Route[] = [
  {method: 'POST', path: '/v1/files', operation: 'files.create', handle: startUpload},
  {method: 'PUT', path: '/uploads/{id}', operation: 'files.put', public: true, handle: receiveUpload},
  {method: 'POST', path: '/v1/files/upload', operation: 'files.upload', handle: uploadMultipart},
  {method: 'POST', path: '/v1/files/{id}/preprocess', operation: 'files.preprocess', handle: preprocessFile},
  {method: 'GET', path: '/v1/files', operation: 'files.list', handle: (context) => json({data: files(context).map(fileObject)})},
  {method: 'GET', path: '/v1/files/{id}', operation: 'files.retrieve', handle: (context) => json(fileObject(findFile(context)))},
  {method: 'DELETE', path: '/v1/files/{id}', operation: 'files.delete', handle: deleteFile},
  {method: 'GET', path: '/v1/files/{id}/content', operation: 'files.content', handle: (context) => raw(findFile(context).content, 'application/octet-stream')},
  {method: 'POST', path: '/v1/batches', operation: 'batches.create', handle: createBatch},
  {method: 'GET', path: '/v1/batches', operation: 'batches.list', handle: (context) => json(context.engine.listBatches<TogetherBatchData>('together').map(jobObject))},
  {method: 'GET', path: '/v1/batches/{id}', operation: 'batches.retrieve', handle: (context) => json(jobObject(findBatch(context)))},
  {method: 'POST', path: '/v1/batches/{id}/cancel', operation: 'batches.cancel', handle: cancelBatch},
]

/**
 * Together's message has no `refusal` field, and its finish reasons are `stop`, `eos`, `length`,
 * `tool_calls` and `function_call` (together-ai `resources/chat/completions.ts`:
 * `ChatCompletion.Choice`): a cut answer is the only fate it can show. `tool_calls: []` as captured.
 */
const chat: ChatDialect = {
  message: (text) => ({role: 'assistant', content: text, tool_calls: []}),
  finishReason: (fate) => (fate?.kind === 'truncated' ? 'length' : 'stop'),
}

/** The Together vendor module. */
export const togetherModule: VendorModule<TogetherBatchData> = {
  provider: 'together',
  routes,
  credential: bearerKey,
  authError: () =>
    new EmulatorHttpError(401, 'invalid_api_key', 'Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.'),
  renderError,
  answerFates: ['truncated'],
  // Together's batch docs: 50,000 requests and 100 MB per input file.
  limits: {maxRequests: 50_000, maxBytes: mebibytes(100)},
  finalize: writeResultFiles,
  // Both: the SDK reads TOGETHER_BASE_URL; its upload helper (and bench's own upload) TOGETHER_API_BASE_URL.
  env: (origin) => ({TOGETHER_BASE_URL: `${origin}/v1`, TOGETHER_API_BASE_URL: `${origin}/v1`}),
}

/** Step 1 of the upload: names the file and answers 302 to where its bytes go. */
function startUpload(context: HandlerContext): Reply {
  const fileName = context.query.get('file_name')
  const purpose = context.query.get('purpose')
  const fileType = context.query.get('file_type')
  if (!fileName) throw new EmulatorHttpError(400, 'invalid_request_error', 'Missing query parameter file_name.', 'file_name')
  if (purpose === null || !PURPOSES.includes(purpose)) throw new EmulatorHttpError(400, 'invalid_request_error', `Invalid purpose: use one of ${PURPOSES.join(', ')}.`, 'purpose')
  if (fileType === null || !FILE_TYPES.includes(fileType)) throw new EmulatorHttpError(400, 'invalid_request_error', `Invalid file_type: use one of ${FILE_TYPES.join(', ')}.`, 'file_type')
  const file = storeFile(context, fileName, purpose, Buffer.alloc(0), {uploaded: false, processed: false})
  return empty(302, {location: `${context.origin}/uploads/${file.id}?X-Amz-Signature=emulator`, 'x-together-file-id': file.id})
}

/** Step 2: the presigned PUT. Exactly 200: the SDK's helper rejects a 201. */
function receiveUpload(context: HandlerContext): Reply {
  const file = context.engine.files.get<TogetherFileData>('together', context.params.id!)
  if (file === undefined) throw new EmulatorHttpError(404, 'not_found', 'Upload URL not found or expired.')
  context.engine.files.put({...file, content: context.body, vendor: {uploaded: true, processed: false}})
  return empty(200)
}

/** Step 3 of the Python SDKs' upload: the file is processed, and answered as the file object. */
function preprocessFile(context: HandlerContext): Reply {
  const file = findFile(context)
  if (!file.vendor.uploaded) throw new EmulatorHttpError(400, 'invalid_request_error', `File ${file.id} has no content yet: PUT it to the upload URL first.`)
  return json(fileObject(context.engine.files.put({...file, vendor: {uploaded: true, processed: true}})))
}

/**
 * The documented one-step upload: multipart `purpose`, `file_name` and `file` (required) and
 * `file_type` (default `jsonl`), answered 200 with the processed file.
 */
async function uploadMultipart(context: HandlerContext): Promise<Reply> {
  const form = await parseForm(context.body, context.headers['content-type'])
  const file = form.get('file')
  const purpose = form.get('purpose')
  const name = form.get('file_name')
  const fileType = form.get('file_type') ?? 'jsonl'
  if (!(file instanceof File)) throw new EmulatorHttpError(400, 'invalid_request_error', 'Missing form field file.', 'file')
  if (typeof purpose !== 'string' || !PURPOSES.includes(purpose)) throw new EmulatorHttpError(400, 'invalid_request_error', `Invalid purpose: use one of ${PURPOSES.join(', ')}.`, 'purpose')
  if (typeof name !== 'string' || name === '') throw new EmulatorHttpError(400, 'invalid_request_error', 'Missing form field file_name.', 'file_name')
  if (typeof fileType !== 'string' || !FILE_TYPES.includes(fileType)) throw new EmulatorHttpError(400, 'invalid_request_error', `Invalid file_type: use one of ${FILE_TYPES.join(', ')}.`, 'file_type')
  const stored = storeFile(context, name, purpose, Buffer.from(await file.arrayBuffer()), {uploaded: true, processed: true})
  return json(fileObject(stored))
}

function storeFile(context: HandlerContext, filename: string, purpose: string, content: Buffer, state: TogetherFileData): StoredFile<TogetherFileData> {
  return context.engine.files.put<TogetherFileData>({
    id: context.engine.newId('file-', 'uuid'),
    provider: 'together',
    filename,
    purpose,
    createdAt: context.engine.now(),
    content,
    vendor: state,
  })
}

function files(context: HandlerContext): StoredFile<TogetherFileData>[] {
  return context.engine.files.list<TogetherFileData>('together')
}

function fileObject(file: StoredFile<TogetherFileData>): Record<string, unknown> {
  return {
    ...openAIFileFields(file),
    FileType: 'jsonl',
    Processed: file.vendor.processed,
    LineCount: jsonlLineCount(file.content),
  }
}

function findFile(context: HandlerContext): StoredFile<TogetherFileData> {
  const file = context.engine.files.get<TogetherFileData>('together', context.params.id!)
  if (file === undefined) throw new EmulatorHttpError(404, 'not_found', `File not found: ${context.params.id}`)
  return file
}

function deleteFile(context: HandlerContext): Reply {
  const file = findFile(context)
  context.engine.files.delete('together', file.id)
  return json({id: file.id, deleted: true})
}

function findBatch(context: HandlerContext, advance = true): BatchRecord<TogetherBatchData> {
  const batch = context.engine.batch<TogetherBatchData>('together', context.params.id!, {advance})
  if (batch === undefined) throw new EmulatorHttpError(404, 'not_found', 'Job not found')
  return batch
}

/** Create answers 201 `{job}`; a missing input file is not an HTTP error but a job that fails. */
function createBatch(context: HandlerContext): Reply {
  const body = parseJsonBody(context.body) as Record<string, unknown>
  const {input_file_id: inputFileId, endpoint} = body
  if (typeof inputFileId !== 'string' || inputFileId === '') throw new EmulatorHttpError(400, 'invalid_request_error', 'input_file_id is required.', 'input_file_id')
  if (typeof endpoint !== 'string' || !ENDPOINTS.includes(endpoint)) throw new EmulatorHttpError(400, 'invalid_request_error', `endpoint must be one of ${ENDPOINTS.join(', ')}.`, 'endpoint')
  const file = context.engine.files.get<TogetherFileData>('together', inputFileId)
  const input =
    file === undefined || !file.vendor.uploaded
      ? {problem: {code: 'file_not_found', message: `Input file ${inputFileId} not found`, param: 'input_file_id', line: null}}
      : readBatchInput(file.content, {...context.engine.limits('together'), requireModel: true, toRequest: (line) => lineRequestFromChatBody(line.custom_id, line.body)})
  const lines = 'lines' in input ? input.lines : []
  const batch = context.engine.createBatch<TogetherBatchData>({
    provider: 'together',
    id: context.engine.newId('', 'uuid'),
    model: lines[0]?.model ?? (typeof body.model_id === 'string' ? body.model_id : ''),
    lines,
    problem: 'problem' in input ? input.problem : undefined,
    vendor: {endpoint, input_file_id: inputFileId, fileSize: file?.content.length ?? 0},
  })
  return json({job: jobObject(batch)}, 201)
}

function cancelBatch(context: HandlerContext): Reply {
  const batch = findBatch(context, false)
  if (!context.engine.cancelBatch(batch)) {
    throw new EmulatorHttpError(409, 'conflict', `Cannot cancel job - already in terminal state: ${jobStatus(batch)}`)
  }
  return json(jobObject(batch))
}

function jobStatus(batch: BatchRecord): string {
  return batch.phase === 'cancelling' ? 'CANCELING' : batch.phase === 'finalizing' ? 'IN_PROGRESS' : batch.phase.toUpperCase()
}

/** A bare job. Files and `completed_at` appear only once they exist; `error` only on FAILED. */
function jobObject(batch: BatchRecord<TogetherBatchData>): Record<string, unknown> {
  const counts = countOutcomes(batch)
  const done = counts.total - counts.pending - counts.cancelled - counts.expired
  const job: Record<string, unknown> = {
    id: batch.id,
    user_id: 'user_emulator',
    input_file_id: batch.vendor.input_file_id,
    file_size_bytes: batch.vendor.fileSize,
    status: jobStatus(batch),
    job_deadline: new Date(batch.times.expires).toISOString(),
    created_at: new Date(batch.times.created).toISOString(),
    endpoint: batch.vendor.endpoint,
    progress: counts.total === 0 ? (batch.phase === 'completed' ? 100 : 0) : Math.round((done / counts.total) * 100),
    model_id: batch.model,
  }
  if (batch.files.output !== undefined) job.output_file_id = batch.files.output
  if (batch.files.error !== undefined) job.error_file_id = batch.files.error
  if (batch.times.ended !== undefined) job.completed_at = new Date(batch.times.ended).toISOString()
  if (batch.problem !== undefined && batch.phase === 'failed') job.error = problemText(batch)
  return job
}

function problemText(batch: BatchRecord): string {
  const problem = batch.problem!
  return problem.line === null ? problem.message : `Line ${problem.line}: ${problem.message}`
}

/** Output file (answered lines) and error file (errors and lines never run); none on FAILED. */
function writeResultFiles(batch: BatchRecord<TogetherBatchData>, engine: Engine): void {
  writeOutputAndErrorFiles<TogetherFileData>(engine, batch, {
    row: (customId, outcome) => resultRow(engine, batch, customId, outcome),
    newFileId: () => engine.newId('file-', 'uuid'),
    purpose: 'batch-api',
    fileData: {uploaded: true, processed: true},
  })
}

const NOT_RUN_MESSAGES = {
  expired: 'The request was not executed before the batch deadline.',
  cancelled: 'The request was not executed because the batch was cancelled.',
}

function resultRow(engine: Engine, batch: BatchRecord, customId: string, outcome: LineOutcome): Record<string, unknown> {
  const id = engine.newId('br_', 'hex')
  switch (outcome.kind) {
    case 'succeeded': {
      const input = {id: engine.newId('o-', 'hex'), created: Math.floor(outcome.finishedAt / 1000), model: batch.model, text: outcome.text, usage: outcome.usage, fate: outcome.fate}
      return {id, custom_id: customId, response: {status_code: 200, body: chatCompletionBody(input, chat, plainChatUsage(outcome.usage))}}
    }
    case 'errored':
      return {id, custom_id: customId, error: {code: outcome.code, message: outcome.message}}
    case 'expired':
    case 'cancelled':
      return {id, custom_id: customId, error: {code: `batch_${outcome.kind}`, message: NOT_RUN_MESSAGES[outcome.kind]}}
  }
}

/** Job-level 404 and 409 carry a bare string, as captured; other errors `{error: {message, type}}`. */
function renderError(error: EmulatorHttpError): Reply {
  if (error.code === 'not_found' || error.code === 'conflict') return json({error: error.message, request_id: `req_${Date.now().toString(36)}`}, error.status)
  const type = error.status === 429 ? 'rate_limit_error' : error.status >= 500 ? 'server_error' : 'invalid_request_error'
  return json({error: {message: error.message, type, param: error.param, code: error.code === type ? null : error.code}}, error.status)
}
