import type {BatchRecord} from '../shared/batch.js'
import {lineRequestFromChatBody} from '../openai-style/chat-format.js'
import type {HandlerContext, Route, VendorModule} from '../shared/engine.js'
import {EmulatorHttpError, bearerKey, json, parseJsonBody, type Reply} from '../shared/http.js'
import {readBatchInput} from '../openai-style/input-file.js'
import {mebibytes} from '../shared/limits.js'
import {invalidLine, withLineProblems, type LineProblem} from '../shared/line-problems.js'
import {existingFile, mistralFileRoutes} from './files.js'
import {batchJob, errorBody, writeJobFiles, type MistralJobData} from './render.js'
import type {LineRequest} from '../shared/responder.js'

/**
 * Mistral's batch jobs (section 5 of providers.md). The SDK's `serverURL` is the origin: it keeps
 * any path prefix (section 11.2), so the routes sit at the root.
 */

type Json = Record<string, unknown>

const JOBS = '/v1/batch/jobs'

const jobRoutes: Route[] = [
  {method: 'POST', path: JOBS, operation: 'batches.create', handle: createJob},
  {method: 'GET', path: JOBS, operation: 'batches.list', handle: listJobs},
  {method: 'GET', path: `${JOBS}/{id}`, operation: 'batches.retrieve', handle: getJob},
  {method: 'POST', path: `${JOBS}/{id}/cancel`, operation: 'batches.cancel', handle: cancelJob},
  {method: 'DELETE', path: `${JOBS}/{id}`, operation: 'batches.delete', handle: deleteJob},
]

export const mistralModule: VendorModule<MistralJobData> = {
  provider: 'mistral',
  routes: [...mistralFileRoutes, ...jobRoutes],
  credential: bearerKey,
  authError: () => new EmulatorHttpError(401, 'unauthorized', 'Unauthorized'),
  renderError: (error) => json(errorBody(error.status, error.message), error.status),
  // A cut answer is the only fate Mistral's chat body can show (see its dialect in render.ts).
  answerFates: ['truncated'],
  // Mistral's "known limitations" page; its batch guide's "up to 1M requests" is not what it enforces.
  limits: {maxRequests: 100_000, maxBytes: mebibytes(512)},
  finalize: (job, engine) => writeJobFiles(reported(job), engine),
  // Mistral's SDK reads no base-URL variable; bench's own Mistral client reads this one.
  env: (origin) => ({BENCH_MISTRAL_SERVER_URL: origin}),
}

function createJob(context: HandlerContext): Reply {
  const {engine} = context
  const body = parseJsonBody(context.body) as Json
  if (typeof body.endpoint !== 'string') throw unprocessable('endpoint: Field required')
  const model = typeof body.model === 'string' ? body.model : ''
  if (model === '' && typeof body.agent_id !== 'string') throw unprocessable('model: either model or agent_id is required')
  const inputFiles = Array.isArray(body.input_files) ? body.input_files.map(String) : []
  if (inputFiles.length === 0 && !Array.isArray(body.requests)) throw unprocessable('input_files: either input_files or requests is required')
  const content = Array.isArray(body.requests) ? inlineJsonl(body.requests) : Buffer.concat(inputFiles.map((id) => existingFile(context, id).content))

  // Bodies the endpoint cannot run are accepted here and answered with a per-line error later.
  const problems: (LineProblem | undefined)[] = []
  const read = readBatchInput(content, {
    ...engine.limits('mistral'),
    requireModel: false,
    toRequest: (line): LineRequest => {
      const runnable = body.endpoint !== '/v1/chat/completions' || (Array.isArray(line.body.messages) && line.body.messages.length > 0)
      problems.push(runnable ? undefined : invalidLine('messages: Field required'))
      return lineRequestFromChatBody(line.custom_id, line.body, model)
    },
  })
  const job = engine.createBatch<MistralJobData>({
    provider: 'mistral',
    id: engine.newId('', 'uuid'),
    model,
    lines: 'lines' in read ? read.lines : [],
    ...('problem' in read ? {problem: read.problem} : {}),
    vendor: {
      endpoint: body.endpoint,
      inputFiles,
      metadata: typeof body.metadata === 'object' && body.metadata !== null ? (body.metadata as Json) : null,
      agentId: typeof body.agent_id === 'string' ? body.agent_id : null,
      timeoutHours: typeof body.timeout_hours === 'number' ? body.timeout_hours : 24,
      problems,
    },
  })
  return json(batchJob(reported(job)))
}

/** Inline `requests` as the JSONL a file would hold; a missing `custom_id` becomes the line's index. */
function inlineJsonl(requests: unknown[]): Buffer {
  const lines = requests.map((request, index) => {
    const fields = typeof request === 'object' && request !== null ? (request as Json) : {}
    return JSON.stringify({...fields, custom_id: fields.custom_id ?? String(index)})
  })
  return Buffer.from(lines.join('\n'))
}

/** `?inline=true` adds `outputs`: every result line, answered and errored alike. */
function getJob(context: HandlerContext): Reply {
  const job = findJob(context)
  const outputs = context.query.get('inline') === 'true' ? resultLines(context, job) : null
  return json(batchJob(reported(job), outputs))
}

function resultLines(context: HandlerContext, job: BatchRecord<MistralJobData>): Json[] {
  const ids = [job.files.output, job.files.error].filter((id): id is string => id !== undefined)
  const texts = ids.flatMap((id) => existingFile(context, id).content.toString('utf8').split('\n'))
  return texts.flatMap((text) => {
    try {
      return text.trim() === '' ? [] : [JSON.parse(text) as Json]
    } catch {
      // A line broken by a `malformed-output` fault cannot travel inside JSON; the file keeps it.
      return []
    }
  })
}

/** `page` (0-based) / `page_size`, newest first, filtered by `status` and `model`; `total` counts all matches. */
function listJobs(context: HandlerContext): Reply {
  const statuses = context.query.getAll('status')
  const model = context.query.get('model')
  const jobs = context.engine
    .listBatches<MistralJobData>('mistral')
    .map((job) => batchJob(reported(job)))
    .filter((job) => (statuses.length === 0 || statuses.includes(job.status as string)) && (model === null || job.model === model))
  const page = Number(context.query.get('page') ?? 0)
  const size = Number(context.query.get('page_size') ?? 100)
  return json({data: jobs.slice(page * size, (page + 1) * size), object: 'list', total: jobs.length})
}

/** `CANCELLATION_REQUESTED` now, `CANCELLED` once it settles; an ended job is returned as it is. */
function cancelJob(context: HandlerContext): Reply {
  const job = findJob(context)
  context.engine.cancelBatch(job)
  return json(batchJob(reported(job)))
}

function deleteJob(context: HandlerContext): Reply {
  const job = findJob(context)
  context.engine.deleteBatch('mistral', job.id)
  return json({id: job.id, object: 'batch', deleted: true})
}

function findJob(context: HandlerContext): BatchRecord<MistralJobData> {
  const job = context.engine.batch<MistralJobData>('mistral', context.params.id!)
  if (job === undefined) throw new EmulatorHttpError(404, 'not_found', `Batch job ${context.params.id} not found.`)
  return job
}

/** The job as Mistral reports it: bodies the endpoint cannot run end as errored lines. */
function reported(job: BatchRecord<MistralJobData>): BatchRecord<MistralJobData> {
  return withLineProblems(job, job.vendor.problems)
}

function unprocessable(message: string): EmulatorHttpError {
  return new EmulatorHttpError(422, 'invalid_request_error', message)
}
