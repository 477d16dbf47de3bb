import {countOutcomes, type BatchPhase, type BatchRecord, type LineOutcome} from '../shared/batch.js'
import {chatCompletionBody, plainChatUsage, type ChatDialect} from '../openai-style/chat-format.js'
import {pickVariant} from '../shared/line-fates.js'
import type {Engine} from '../shared/engine.js'
import type {StoredFile} from '../shared/files.js'
import {jsonlLineCount, openAIFileFields} from '../openai-style/file-object.js'
import type {LineProblem} from '../shared/line-problems.js'
import {writeOutputAndErrorFiles} from '../openai-style/result-files.js'

/**
 * Mistral's wire shapes, which its SDK validates with Zod (sections 5.4 and 11.5): integer unix
 * timestamps, `errors: []` always, every count present.
 */

type Json = Record<string, unknown>

/** What the Mistral module keeps beside the engine's record of a job. */
export interface MistralJobData {
  endpoint: string
  inputFiles: string[]
  metadata: Record<string, unknown> | null
  agentId: string | null
  timeoutHours: number
  /** Parallel to the job's lines: the deferred body problem of each, if any. */
  problems: (LineProblem | undefined)[]
}

/** What the Mistral module keeps beside a stored file. */
export interface MistralFileData {
  /** `batch_request` for uploads, `batch_result` / `batch_error` for job outputs. */
  sampleType: string
  source: 'upload' | 'mistral'
  visibility: string
}

const STATUSES: Record<BatchPhase, string> = {
  validating: 'QUEUED',
  in_progress: 'RUNNING',
  finalizing: 'RUNNING',
  completed: 'SUCCESS',
  failed: 'FAILED',
  expired: 'TIMEOUT_EXCEEDED',
  cancelling: 'CANCELLATION_REQUESTED',
  cancelled: 'CANCELLED',
}

/**
 * Mistral's message has no `refusal` field; its finish reasons are `stop`, `length`,
 * `model_length`, `error` and `tool_calls` (@mistralai/mistralai
 * `models/components/chatcompletionchoice.ts`): a cut answer stops with `length` (the request's
 * `max_tokens`) or `model_length` (the model's context), and is the only fate it can show.
 */
const chat: ChatDialect = {
  message: (text) => ({role: 'assistant', content: text, tool_calls: null}),
  finishReason: (fate) => (fate?.kind === 'truncated' ? pickVariant(['length', 'model_length'], fate.variant) : 'stop'),
}

/** The `BatchJob` object; `outputs` is the jobs's result lines, sent only for `?inline=true`. */
export function batchJob(job: BatchRecord<MistralJobData>, outputs: Json[] | null = null): Json {
  const counts = countOutcomes(job)
  return {
    id: job.id,
    object: 'batch',
    input_files: job.vendor.inputFiles,
    metadata: job.vendor.metadata,
    endpoint: job.vendor.endpoint,
    model: job.model,
    agent_id: job.vendor.agentId,
    output_file: job.files.output ?? null,
    error_file: job.files.error ?? null,
    errors: job.problem === undefined ? [] : [{message: `Line ${job.problem.line ?? 1}: ${job.problem.message}`, count: 1}],
    outputs,
    status: STATUSES[job.phase],
    created_at: seconds(job.times.created),
    started_at: job.times.started === undefined ? null : seconds(job.times.started),
    completed_at: job.times.ended === undefined ? null : seconds(job.times.ended),
    total_requests: counts.total,
    completed_requests: counts.succeeded + counts.errored,
    succeeded_requests: counts.succeeded,
    failed_requests: counts.errored,
  }
}

/** Writes `output_file` (answered lines) and `error_file` (errored and never-run lines). */
export function writeJobFiles(job: BatchRecord<MistralJobData>, engine: Engine): void {
  const positions = new Map(job.lines.map((line, index) => [line.custom_id, index]))
  writeOutputAndErrorFiles<MistralFileData>(engine, job, {
    row: (customId, outcome) => resultRow(engine, job, `${job.id}-${positions.get(customId)}`, customId, outcome),
    newFileId: () => engine.newId('', 'uuid'),
    purpose: 'batch',
    fileData: {sampleType: 'batch_result', source: 'mistral', visibility: 'workspace'},
  })
  const errorFile = job.files.error === undefined ? undefined : engine.files.get<MistralFileData>('mistral', job.files.error)
  if (errorFile !== undefined) engine.files.put({...errorFile, vendor: {...errorFile.vendor, sampleType: 'batch_error'}})
}

/** An OpenAI-like output line: `{id, custom_id, response: {status_code, body}, error}`. */
function resultRow(engine: Engine, job: BatchRecord<MistralJobData>, id: string, customId: string, outcome: LineOutcome): Json {
  switch (outcome.kind) {
    case 'succeeded': {
      const input = {id: engine.newId('', 'hex').slice(0, 32), created: seconds(outcome.finishedAt), model: job.model, text: outcome.text, usage: outcome.usage, fate: outcome.fate}
      return {id, custom_id: customId, response: {status_code: 200, body: chatCompletionBody(input, chat, plainChatUsage(outcome.usage))}, error: null}
    }
    case 'errored':
      // Some error lines carry the reason as a bare string (seen in third-party clients' fixtures).
      if (outcome.bare === true) return {id, custom_id: customId, response: null, error: outcome.message}
      return {id, custom_id: customId, response: {status_code: outcome.status, body: errorBody(outcome.status, outcome.message)}, error: null}
    case 'expired':
      return {id, custom_id: customId, response: null, error: {code: 'timeout_exceeded', message: 'The request was not run before the job exceeded its timeout_hours.'}}
    case 'cancelled':
      return {id, custom_id: customId, response: null, error: {code: 'cancelled', message: 'The request was not run because the job was cancelled.'}}
  }
}

/** Mistral's error body: `{object: "error", message, type, param, code}`. */
export function errorBody(status: number, message: string): Json {
  const type = status === 429 ? 'rate_limited' : status >= 500 ? 'internal_server_error' : 'invalid_request_error'
  return {object: 'error', message, type, param: null, code: String(status)}
}

/** A file object; `deleted: false` is added where the SDK requires it (retrieve). */
export function fileObject(file: StoredFile<MistralFileData>): Json {
  return {
    ...openAIFileFields(file),
    sample_type: file.vendor.sampleType,
    num_lines: jsonlLineCount(file.content),
    mimetype: 'application/jsonl',
    source: file.vendor.source,
    signature: null,
    expires_at: null,
    visibility: file.vendor.visibility,
  }
}

function seconds(epochMilliseconds: number): number {
  return Math.floor(epochMilliseconds / 1000)
}
