import {randomBytes} from 'node:crypto'
import type {IncomingHttpHeaders} from 'node:http'

import {isTerminal, type BatchRecord} from '../shared/batch.js'
import type {HandlerContext, Route, VendorModule} from '../shared/engine.js'
import {EmulatorHttpError, bearerKey, json, raw, type Reply} from '../shared/http.js'
import {mebibytes} from '../shared/limits.js'
import {withLineProblems} from '../shared/line-problems.js'
import {readCreateBody} from './requests.js'
import {errorEnvelope, messageBatch, resultRows, type AnthropicBatchData} from './render.js'

/**
 * Anthropic's Message Batches API (section 3 of providers.md): inline requests, no files. The
 * SDK's `baseURL` is the origin itself; paths carry `/v1`.
 */

const BATCHES = '/v1/messages/batches'
const DEFAULT_PAGE = 20
const MAX_PAGE = 1000

const routes: Route[] = [
  {method: 'POST', path: BATCHES, operation: 'batches.create', handle: createBatch},
  {method: 'GET', path: BATCHES, operation: 'batches.list', handle: listBatches},
  {method: 'GET', path: `${BATCHES}/{id}`, operation: 'batches.retrieve', handle: retrieveBatch},
  {method: 'POST', path: `${BATCHES}/{id}/cancel`, operation: 'batches.cancel', handle: cancelBatch},
  {method: 'DELETE', path: `${BATCHES}/{id}`, operation: 'batches.delete', handle: deleteBatch},
  {method: 'GET', path: `${BATCHES}/{id}/results`, operation: 'batches.results', handle: batchResults},
]

export const anthropicModule: VendorModule<AnthropicBatchData> = {
  provider: 'anthropic',
  routes,
  credential,
  authError: (problem) =>
    new EmulatorHttpError(401, 'authentication_error', problem === 'missing' ? 'x-api-key header is required' : 'invalid x-api-key'),
  renderError: (error) => json(errorEnvelope(error.status, error.message, `req_${randomBytes(12).toString('hex')}`), error.status),
  // No stop reason means "blocked" apart from a refusal (see render.ts).
  answerFates: ['refusal', 'truncated'],
  // Anthropic's batch docs: "either 100,000 Message requests or 256 MB in size, whichever is reached first".
  limits: {maxRequests: 100_000, maxBytes: mebibytes(256)},
  finalize: (batch, engine) => {
    const content = engine.resultJsonl(batch, resultRows(reported(batch), engine))
    const file = engine.files.put({id: `${batch.id}-results`, provider: 'anthropic', filename: 'results.jsonl', purpose: 'batch_results', createdAt: engine.now(), content, vendor: undefined})
    batch.files.results = file.id
  },
  env: (origin) => ({ANTHROPIC_BASE_URL: origin}),
}

/** SDK 1.x sends `Authorization: Bearer`, 0.x sends `x-api-key`; both are accepted. */
function credential(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key']
  return (typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined) ?? bearerKey(headers)
}

function createBatch(context: HandlerContext): Reply {
  const {engine} = context
  const lines = readCreateBody(context.body, engine.limits('anthropic'))
  const batch = engine.createBatch<AnthropicBatchData>({
    provider: 'anthropic',
    id: engine.newId('msgbatch_', 'base62'),
    model: lines[0]!.request.model,
    lines: lines.map((line) => line.request),
    vendor: {problems: lines.map((line) => line.problem), thinking: lines.map((line) => line.thinking)},
  })
  if (batch.problem !== undefined) {
    // Anthropic validates a batch while creating it: a rejected batch is a 400, never a record.
    engine.deleteBatch('anthropic', batch.id)
    throw new EmulatorHttpError(400, 'invalid_request_error', `requests: ${batch.problem.message}`)
  }
  return json(messageBatch(reported(batch), context.origin))
}

function retrieveBatch(context: HandlerContext): Reply {
  const batch = findBatch(context)
  // The live API asks pollers to wait while a batch runs.
  const headers: Record<string, string> = isTerminal(batch) ? {} : {'retry-after': '10'}
  return json(messageBatch(reported(batch), context.origin), 200, headers)
}

/** Most recent first; `after_id` pages towards older batches, `before_id` towards newer ones. */
function listBatches(context: HandlerContext): Reply {
  const all = context.engine.listBatches<AnthropicBatchData>('anthropic')
  const limit = pageLimit(context.query.get('limit'))
  const afterId = context.query.get('after_id')
  const beforeId = context.query.get('before_id')
  let page: BatchRecord<AnthropicBatchData>[]
  let hasMore: boolean
  if (beforeId !== null) {
    const end = Math.max(0, all.findIndex((batch) => batch.id === beforeId))
    page = all.slice(Math.max(0, end - limit), end)
    hasMore = end - limit > 0
  } else {
    const start = afterId === null ? 0 : all.findIndex((batch) => batch.id === afterId) + 1
    page = start === 0 && afterId !== null ? [] : all.slice(start, start + limit)
    hasMore = start + limit < all.length && page.length > 0
  }
  return json({
    data: page.map((batch) => messageBatch(reported(batch), context.origin)),
    has_more: hasMore,
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
  })
}

function cancelBatch(context: HandlerContext): Reply {
  const batch = findBatch(context)
  // Cancelling an ended batch changes nothing; the batch is returned as it is.
  context.engine.cancelBatch(batch)
  return json(messageBatch(reported(batch), context.origin))
}

function deleteBatch(context: HandlerContext): Reply {
  const batch = findBatch(context)
  if (!isTerminal(batch)) {
    throw new EmulatorHttpError(400, 'invalid_request_error', `Message Batch ${batch.id} cannot be deleted while it is still processing; cancel it first.`)
  }
  context.engine.deleteBatch('anthropic', batch.id)
  if (batch.files.results !== undefined) context.engine.files.delete('anthropic', batch.files.results)
  return json({id: batch.id, type: 'message_batch_deleted'})
}

/** The results stream: all lines in one JSONL body, available only once the batch has ended. */
function batchResults(context: HandlerContext): Reply {
  const batch = findBatch(context)
  const file = batch.files.results === undefined ? undefined : context.engine.files.get('anthropic', batch.files.results)
  if (file === undefined) throw new EmulatorHttpError(404, 'not_found_error', `Message Batch ${batch.id} has no available results.`)
  return raw(file.content, 'application/x-jsonl')
}

function findBatch(context: HandlerContext): BatchRecord<AnthropicBatchData> {
  const batch = context.engine.batch<AnthropicBatchData>('anthropic', context.params.id!)
  if (batch === undefined) throw new EmulatorHttpError(404, 'not_found_error', `Message Batch ${context.params.id} not found.`)
  return batch
}

/** The batch as Anthropic reports it: lines with invalid `params` end `errored`. */
function reported(batch: BatchRecord<AnthropicBatchData>): BatchRecord<AnthropicBatchData> {
  return withLineProblems(batch, batch.vendor.problems)
}

function pageLimit(value: string | null): number {
  if (value === null) return DEFAULT_PAGE
  const limit = Number(value)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new EmulatorHttpError(400, 'invalid_request_error', `limit: Input should be between 1 and ${MAX_PAGE}`)
  }
  return limit
}
