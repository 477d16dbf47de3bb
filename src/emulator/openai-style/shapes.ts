import type {BatchRecord, LineOutcome} from '../shared/batch.js'
import {countOutcomes} from '../shared/batch.js'
import {chatCompletionBody, chatUsage, responsesBody} from './chat-format.js'
import type {Engine} from '../shared/engine.js'
import {openAIFileFields} from './file-object.js'
import type {StoredFile} from '../shared/files.js'
import {EmulatorHttpError, json, type Reply} from '../shared/http.js'
import type {OpenAIStyleSettings} from './batch-api.js'
import {writeOutputAndErrorFiles} from './result-files.js'

/**
 * The wire shapes OpenAI and Groq share: batch objects, file objects, result rows and the
 * `{error: {message, type, param, code}}` envelope.
 */

type Json = Record<string, unknown>

/** What an OpenAI-style vendor keeps about a batch beside the engine's record. */
export interface OpenAIBatchData {
  endpoint: string
  input_file_id: string
  completion_window: string
  /** The window's length, for `expires_at`. */
  windowSeconds: number
  metadata: Record<string, string> | null
}

/** Epoch milliseconds to the vendor's unix seconds; null stays null. */
export function seconds(milliseconds: number | undefined): number | null {
  return milliseconds === undefined ? null : Math.floor(milliseconds / 1000)
}

/** A batch object in the OpenAI shape (Groq: the same minus `model` and `usage`). */
export function batchObject(batch: BatchRecord<OpenAIBatchData>, settings: OpenAIStyleSettings): Json {
  const counts = countOutcomes(batch)
  const notRun = counts.cancelled + counts.expired
  const at = (phase: string): number | null => (batch.phase === phase ? seconds(batch.times.ended) : null)
  const object: Json = {
    id: batch.id,
    object: 'batch',
    endpoint: batch.vendor.endpoint,
    errors: batch.problem === undefined ? null : {object: 'list', data: [batch.problem]},
    input_file_id: batch.vendor.input_file_id,
    completion_window: batch.vendor.completion_window,
    status: batch.phase,
    output_file_id: batch.files.output ?? null,
    error_file_id: batch.files.error ?? null,
    created_at: seconds(batch.times.created),
    in_progress_at: seconds(batch.times.started),
    expires_at: seconds(batch.times.created + batch.vendor.windowSeconds * 1000),
    finalizing_at: seconds(batch.times.finalizing),
    completed_at: at('completed'),
    failed_at: at('failed'),
    expired_at: at('expired'),
    cancelling_at: seconds(batch.times.cancelRequested),
    cancelled_at: at('cancelled'),
    request_counts:
      batch.phase === 'validating' || batch.phase === 'failed'
        ? {total: 0, completed: 0, failed: 0}
        : {total: counts.total, completed: counts.succeeded, failed: counts.errored + notRun},
    metadata: batch.vendor.metadata,
  }
  if (settings.provider === 'openai') Object.assign(object, {model: batch.model || null, usage: batchUsage(batch)})
  return object
}

function batchUsage(batch: BatchRecord): Json {
  let input = 0
  let output = 0
  for (const outcome of batch.outcomes) {
    if (outcome?.kind !== 'succeeded') continue
    input += outcome.usage.input
    output += outcome.usage.output
  }
  return {
    input_tokens: input,
    input_tokens_details: {cached_tokens: 0},
    output_tokens: output,
    output_tokens_details: {reasoning_tokens: 0},
    total_tokens: input + output,
  }
}

/** A file object; OpenAI adds the deprecated `status` fields and `expires_at`, Groq does not. */
export function fileObject(file: StoredFile, settings: OpenAIStyleSettings): Json {
  const object = openAIFileFields(file)
  if (settings.provider === 'openai') Object.assign(object, {status: 'processed', expires_at: seconds(file.expiresAt), status_details: null})
  return object
}

/** Writes the output and error files of an ended batch (see `writeOutputAndErrorFiles`). */
export function writeResultFiles(batch: BatchRecord<OpenAIBatchData>, engine: Engine, settings: OpenAIStyleSettings): void {
  const lifetime = settings.batchFileLifetime?.defaultSeconds
  writeOutputAndErrorFiles<undefined>(engine, batch, {
    row: (customId, outcome) => resultRow(engine, batch, customId, outcome, settings),
    newFileId: () => engine.newId(settings.fileIdPrefix, settings.idFormat),
    purpose: 'batch_output',
    fileData: undefined,
    ...(lifetime === undefined ? {} : {expiresAt: batch.times.ended! + lifetime * 1000}),
  })
}

function resultRow(engine: Engine, batch: BatchRecord<OpenAIBatchData>, customId: string, outcome: LineOutcome, settings: OpenAIStyleSettings): Json {
  const id = engine.newId('batch_req_', settings.idFormat)
  const requestId = engine.newId('req_', settings.idFormat)
  switch (outcome.kind) {
    case 'succeeded': {
      const input = {id: engine.newId('chatcmpl-', settings.idFormat), created: seconds(outcome.finishedAt)!, model: batch.model, text: outcome.text, usage: outcome.usage, fate: outcome.fate}
      const body =
        batch.vendor.endpoint === '/v1/responses'
          ? responsesBody(input)
          : chatCompletionBody(input, settings.chat, chatUsage(outcome.usage), settings.completionExtra(engine))
      return {id, custom_id: customId, response: {status_code: 200, request_id: requestId, body}, error: null}
    }
    case 'errored': {
      const body = errorEnvelope(new EmulatorHttpError(outcome.status, outcome.code, outcome.message))
      return {id, custom_id: customId, response: {status_code: outcome.status, request_id: requestId, body}, error: null}
    }
    case 'expired':
      return {id, custom_id: customId, response: null, error: {code: 'batch_expired', message: 'This request could not be executed before the completion window expired.'}}
    case 'cancelled':
      return {id, custom_id: customId, response: null, error: {code: 'batch_cancelled', message: 'This request was not executed because the batch was cancelled.'}}
  }
}

/** Generic codes that the OpenAI envelope shows as its `type`, with a null `code`. */
const GENERIC_CODES = new Set(['invalid_request_error', 'not_found', 'conflict', 'server_error'])

/** `{error: {message, type, param, code}}`, the OpenAI and Groq error envelope. */
export function errorEnvelope(error: EmulatorHttpError): Json {
  return {error: {message: error.message, type: errorType(error.status), param: error.param, code: GENERIC_CODES.has(error.code) ? null : error.code}}
}

/** The error reply in the OpenAI and Groq envelope. */
export function renderOpenAIError(error: EmulatorHttpError): Reply {
  return json(errorEnvelope(error), error.status)
}

function errorType(status: number): string {
  if (status === 429) return 'rate_limit_error'
  if (status >= 500) return 'server_error'
  return 'invalid_request_error'
}
