import {countOutcomes, isTerminal, type BatchRecord, type LineOutcome} from '../shared/batch.js'
import type {Engine, ResultRow} from '../shared/engine.js'
import {pickVariant} from '../shared/line-fates.js'
import type {LineProblem} from '../shared/line-problems.js'
import type {LineRequest} from '../shared/responder.js'
import {thinkingText, thinkingTokens} from '../shared/thinking-text.js'

/** Anthropic's wire shapes: the `MessageBatch`, its result lines and its error envelope. */

type Json = Record<string, unknown>

/** What the Anthropic module keeps beside the engine's record of a batch. */
export interface AnthropicBatchData {
  /** Parallel to the batch's lines: the deferred `params` problem of each, if any. */
  problems: (LineProblem | undefined)[]
  /** Parallel to the batch's lines: whether each asked for extended thinking. */
  thinking: boolean[]
}

/** `processing_status`: Anthropic shows every running phase as `in_progress`, every end as `ended`. */
export function processingStatus(batch: BatchRecord): 'in_progress' | 'canceling' | 'ended' {
  if (isTerminal(batch)) return 'ended'
  return batch.phase === 'cancelling' ? 'canceling' : 'in_progress'
}

/**
 * The `MessageBatch` object. `results_url` points back at this emulator, and only once ended.
 * Every request counts as `processing` until the whole batch has ended: the other counts "are
 * zero until processing of the entire Message Batch has ended" (@anthropic-ai/sdk
 * `resources/messages/batches.ts`, `MessageBatchRequestCounts`).
 */
export function messageBatch(batch: BatchRecord, origin: string): Json {
  const counts = countOutcomes(batch)
  const ended = isTerminal(batch)
  return {
    id: batch.id,
    type: 'message_batch',
    processing_status: processingStatus(batch),
    request_counts: ended
      ? {processing: 0, succeeded: counts.succeeded, errored: counts.errored, canceled: counts.cancelled, expired: counts.expired}
      : {processing: counts.total, succeeded: 0, errored: 0, canceled: 0, expired: 0},
    ended_at: timestamp(batch.times.ended),
    created_at: timestamp(batch.times.created),
    expires_at: timestamp(batch.times.expires),
    archived_at: null,
    cancel_initiated_at: timestamp(batch.times.cancelRequested),
    results_url: ended ? `${origin}/v1/messages/batches/${batch.id}/results` : null,
  }
}

/** One `MessageBatchIndividualResponse` per line, in input order. */
export function resultRows(batch: BatchRecord<AnthropicBatchData>, engine: Engine): ResultRow[] {
  return batch.lines.map((request, index) => ({
    custom_id: request.custom_id,
    row: {custom_id: request.custom_id, result: lineResult(request, batch.outcomes[index], batch.vendor.thinking[index] === true, engine)},
  }))
}

function lineResult(request: LineRequest, outcome: LineOutcome | undefined, thinking: boolean, engine: Engine): Json {
  switch (outcome?.kind) {
    case 'succeeded':
      return {type: 'succeeded', message: message(request, outcome, thinking, engine)}
    case 'errored':
      return {type: 'errored', error: errorEnvelope(outcome.status, outcome.message, null)}
    case 'expired':
      return {type: 'expired'}
    default:
      // A failed batch never reaches here (Anthropic refuses it at create), so this is `cancelled`.
      return {type: 'canceled'}
  }
}

/**
 * How a message stops (@anthropic-ai/sdk `resources/messages/messages.ts`: `StopReason`,
 * `RefusalStopDetails`). A refusal is `stop_reason: "refusal"` with no text and the category and
 * explanation in `stop_details` (null when there is none); a cut answer stops at `max_tokens` or
 * at `model_context_window_exceeded`.
 */
function stop(outcome: Extract<LineOutcome, {kind: 'succeeded'}>): {stop_reason: string; stop_details: Json | null} {
  const fate = outcome.fate
  if (fate?.kind === 'refusal') {
    const category = pickVariant(['general_harms', 'cyber', null], fate.variant)
    return {stop_reason: 'refusal', stop_details: {type: 'refusal', category, explanation: category === null ? null : outcome.text}}
  }
  if (fate?.kind === 'truncated') return {stop_reason: pickVariant(['max_tokens', 'model_context_window_exceeded'], fate.variant), stop_details: null}
  return {stop_reason: 'end_turn', stop_details: null}
}

function message(request: LineRequest, outcome: Extract<LineOutcome, {kind: 'succeeded'}>, thinking: boolean, engine: Engine): Json {
  const {usage} = outcome
  const {stop_reason, stop_details} = stop(outcome)
  const content: Json[] = []
  let thoughtTokens = 0
  if (thinking) {
    const thought = thinkingText(request)
    thoughtTokens = thinkingTokens(thought)
    content.push({type: 'thinking', thinking: thought, signature: engine.newId('sig_', 'base62')})
  }
  if (stop_reason !== 'refusal') content.push({type: 'text', text: outcome.text, citations: null})
  return {
    id: engine.newId('msg_', 'base62'),
    type: 'message',
    role: 'assistant',
    model: request.model,
    content,
    stop_reason,
    stop_sequence: null,
    stop_details,
    container: null,
    diagnostics: null,
    usage: {
      input_tokens: usage.input,
      output_tokens: usage.output + thoughtTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: {ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0},
      output_tokens_details: thinking ? {thinking_tokens: thoughtTokens} : null,
      server_tool_use: null,
      service_tier: 'batch',
      inference_geo: 'not_available',
      speed: null,
    },
  }
}

/** `{type:"error", error:{type, message}, request_id}`, the error type chosen by HTTP status. */
export function errorEnvelope(status: number, text: string, requestId: string | null): Json {
  return {type: 'error', error: {type: errorType(status), message: text}, request_id: requestId}
}

function errorType(status: number): string {
  const types: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    402: 'billing_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    503: 'overloaded_error',
    504: 'timeout_error',
    529: 'overloaded_error',
  }
  return types[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error')
}

/** RFC 3339 with milliseconds, or null for a moment that has not happened. */
function timestamp(epochMilliseconds: number | undefined): string | null {
  return epochMilliseconds === undefined ? null : new Date(epochMilliseconds).toISOString()
}
