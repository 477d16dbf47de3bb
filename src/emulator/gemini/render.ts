import {createHash} from 'node:crypto'

import {countOutcomes, type BatchPhase, type BatchRecord, type LineOutcome} from '../shared/batch.js'
import type {Engine, ResultRow} from '../shared/engine.js'
import type {StoredFile} from '../shared/files.js'
import type {GeminiLine} from './requests.js'
import {generateContentResponse} from './response.js'
import {googleStatus, rpcStatus} from './status.js'
import type {LineRequest} from '../shared/responder.js'

/** Gemini's wire shapes: the batch Operation, output lines and the File resource. */

type Json = Record<string, unknown>

const BATCH_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch'
const OUTPUT_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput'

/** What the Gemini module keeps beside the engine's record of a batch. */
export interface GeminiBatchData {
  displayName?: string
  /** Parallel to the batch's lines: keys, echoed metadata, thinking and deferred problems. */
  lines: Omit<GeminiLine, 'request'>[]
  /** True for `inputConfig.requests`: results go inline into the operation, not into a file. */
  inline: boolean
  /** Written when the batch ends: the inlined responses, in input order. */
  inlinedResponses?: Json[]
}

/** What the Gemini module keeps beside a stored file. */
export interface GeminiFileData {
  displayName?: string
  mimeType: string
  /** `UPLOADED` by a client, `GENERATED` for batch outputs. */
  source: 'UPLOADED' | 'GENERATED'
}

const STATES: Record<BatchPhase, string> = {
  validating: 'BATCH_STATE_PENDING',
  in_progress: 'BATCH_STATE_RUNNING',
  finalizing: 'BATCH_STATE_RUNNING',
  // Gemini has no "cancelling" state: the job runs until the cancel takes effect.
  cancelling: 'BATCH_STATE_RUNNING',
  completed: 'BATCH_STATE_SUCCEEDED',
  failed: 'BATCH_STATE_FAILED',
  cancelled: 'BATCH_STATE_CANCELLED',
  expired: 'BATCH_STATE_EXPIRED',
}

/** The long-running Operation the batch endpoints return. */
export function batchOperation(batch: BatchRecord<GeminiBatchData>): Json {
  const name = `batches/${batch.id}`
  const output = batchOutput(batch)
  const metadata: Json = {
    '@type': BATCH_TYPE,
    name,
    model: `models/${batch.model}`,
    ...(batch.vendor.displayName === undefined ? {} : {displayName: batch.vendor.displayName}),
    createTime: timestamp(batch.times.created),
    updateTime: timestamp(batch.times.ended ?? batch.times.cancelRequested ?? batch.times.started ?? batch.times.created),
    ...(batch.times.ended === undefined ? {} : {endTime: timestamp(batch.times.ended)}),
    batchStats: batchStats(batch),
    state: STATES[batch.phase],
    ...(output === undefined ? {} : {output}),
  }
  const operation: Json = {name, metadata}
  if (batch.times.ended === undefined) return operation
  operation.done = true
  const error = operationError(batch)
  if (error !== undefined) operation.error = error
  if (batch.phase === 'completed' && output !== undefined) operation.response = {'@type': OUTPUT_TYPE, ...output}
  return operation
}

/** Counts as int64 strings; zero counts are left out, as proto3 JSON does. */
function batchStats(batch: BatchRecord): Record<string, string> {
  const counts = countOutcomes(batch)
  const stats: Record<string, number> = {
    requestCount: batch.lines.length,
    successfulRequestCount: counts.succeeded,
    failedRequestCount: counts.errored,
    pendingRequestCount: counts.pending,
  }
  return Object.fromEntries(Object.entries(stats).filter(([, value]) => value > 0).map(([key, value]) => [key, String(value)]))
}

function batchOutput(batch: BatchRecord<GeminiBatchData>): Json | undefined {
  if (batch.files.output !== undefined) return {responsesFile: `files/${batch.files.output}`}
  if (batch.vendor.inlinedResponses !== undefined) return {inlinedResponses: {inlinedResponses: batch.vendor.inlinedResponses}}
  return undefined
}

/** Why a finished batch did not succeed (the capture saw code 13 on a cancelled job). */
function operationError(batch: BatchRecord): Json | undefined {
  if (batch.phase === 'failed') return {code: googleStatus(400).grpc, message: batch.problem?.message ?? 'The batch failed validation.'}
  if (batch.phase === 'cancelled') return {code: googleStatus(500).grpc, message: 'The batch was cancelled.'}
  if (batch.phase === 'expired') return {code: googleStatus(504).grpc, message: 'The batch expired before all requests could run.'}
  return undefined
}

/** Output rows of the executed lines, in input order: `{key, response}` or `{key, error}`. */
export function outputRows(batch: BatchRecord<GeminiBatchData>, engine: Engine): ResultRow[] {
  const rows: ResultRow[] = []
  batch.lines.forEach((request, index) => {
    const outcome = batch.outcomes[index]
    const extra = batch.vendor.lines[index]!
    const result = lineResult(request, outcome, extra.thinking, engine)
    if (result === undefined) return
    const row = batch.vendor.inline
      ? {...result, ...(extra.metadata === undefined ? {} : {metadata: extra.metadata})}
      : {...(extra.key === undefined ? {} : {key: extra.key}), ...result}
    rows.push({custom_id: request.custom_id, row})
  })
  return rows
}

function lineResult(request: LineRequest, outcome: LineOutcome | undefined, thinking: boolean, engine: Engine): Json | undefined {
  if (outcome?.kind === 'errored') return {error: rpcStatus(outcome.status, outcome.message)}
  if (outcome?.kind !== 'succeeded') return undefined
  return {response: generateContentResponse(request, outcome, thinking, engine.newId('', 'base62'))}
}

/** The File resource (`files/{id}`). */
export function fileResource(file: StoredFile<GeminiFileData>, origin: string): Json {
  return {
    name: `files/${file.id}`,
    ...(file.vendor.displayName === undefined ? {} : {displayName: file.vendor.displayName}),
    mimeType: file.vendor.mimeType,
    sizeBytes: String(file.content.length),
    createTime: timestamp(file.createdAt),
    updateTime: timestamp(file.createdAt),
    ...(file.expiresAt === undefined ? {} : {expirationTime: timestamp(file.expiresAt)}),
    sha256Hash: createHash('sha256').update(file.content).digest('base64'),
    uri: `${origin}/v1beta/files/${file.id}`,
    downloadUri: `${origin}/download/v1beta/files/${file.id}:download?alt=media`,
    state: 'ACTIVE',
    source: file.vendor.source,
  }
}

function timestamp(epochMilliseconds: number): string {
  return new Date(epochMilliseconds).toISOString()
}
