import {setTimeout as sleep} from 'node:timers/promises'

import {ENDPOINT_PROVIDER, type EndpointProvider} from '../../providers/names.js'
import {chatCompletionBody, chatUsage, lineRequestFromChatBody, type ChatDialect} from '../openai-style/chat-format.js'
import type {HandlerContext, VendorModule} from '../shared/engine.js'
import {EmulatorHttpError, bearerKey, json, parseJsonBody, type Reply} from '../shared/http.js'
import {renderOpenAIError} from '../openai-style/shapes.js'
import {estimateUsage} from '../shared/responder.js'

/**
 * An OpenAI-compatible server without a Batch API (what OpenRouter, vLLM and Ollama serve):
 * `POST /v1/chat/completions` answered at once by the emulator's responder, and `GET /v1/models`.
 * HTTP faults and delays apply as on every listener; these options add a server's own habits.
 */
export interface ChatCompletionsOptions {
  /** Milliseconds each answer takes (default 0). */
  latencyMs?: number
  /** Beyond this many requests in any minute, a 429 with `retry-after` (default: no limit). */
  requestsPerMinute?: number
}

/** The models `GET /v1/models` lists: the tests' own, and OpenRouter-style names. */
const MODELS = ['model-1', 'google/gemini-2.5-flash', 'meta-llama/llama-3.3-70b-instruct']

/** The plainest OpenAI-compatible answer, as vLLM and Ollama give it: a message with its content, stopped. */
const PLAIN_CHAT: ChatDialect = {message: (text) => ({role: 'assistant', content: text}), finishReason: () => 'stop'}

/** The header bench's worker names each request's custom_id in, so `executed` can show it. */
const CUSTOM_ID_HEADER = 'x-bench-custom-id'

export function createChatCompletionsModule(options: ChatCompletionsOptions = {}): VendorModule<unknown, EndpointProvider> {
  const window = new RateWindow(options.requestsPerMinute)
  return {
    provider: ENDPOINT_PROVIDER,
    routes: [
      {method: 'POST', path: '/v1/chat/completions', operation: 'chat.completions', handle: (context) => complete(context, window, options.latencyMs ?? 0)},
      {method: 'GET', path: '/v1/models', operation: 'models.list', handle: (context) => listModels(context)},
    ],
    credential: bearerKey,
    authError: (problem) =>
      new EmulatorHttpError(401, problem === 'invalid' ? 'invalid_api_key' : 'invalid_request_error', problem === 'invalid' ? 'Invalid API key.' : 'No API key provided.'),
    renderError: renderOpenAIError,
    // Points bench's built-in `openrouter` endpoint here; the other built-ins take no key, and this server wants one.
    env: (origin) => ({OPENROUTER_BASE_URL: `${origin}/v1`}),
  }
}

async function complete(context: HandlerContext<EndpointProvider>, window: RateWindow, latencyMs: number): Promise<Reply> {
  const now = context.engine.now()
  const wait = window.admit(now)
  if (wait !== undefined) {
    throw new EmulatorHttpError(429, 'rate_limit_exceeded', 'Rate limit reached for requests per minute.', null, {'retry-after': String(Math.ceil(wait / 1000))})
  }
  const body = parseJsonBody(context.body) as Record<string, unknown>
  if (typeof body.model !== 'string' || body.model === '') throw new EmulatorHttpError(400, 'invalid_request_error', "Missing required parameter: 'model'.", 'model')
  if (!Array.isArray(body.messages)) throw new EmulatorHttpError(400, 'invalid_request_error', "Missing required parameter: 'messages'.", 'messages')
  if (latencyMs > 0) await sleep(latencyMs)
  const header = context.headers[CUSTOM_ID_HEADER]
  const request = lineRequestFromChatBody(typeof header === 'string' ? header : '', body)
  const reply = context.engine.respondNow(context.provider, request)
  if ('error' in reply) throw new EmulatorHttpError(reply.error.status, reply.error.code, reply.error.message)
  const usage = estimateUsage(request, reply.text)
  const id = context.engine.newId('chatcmpl-')
  return json(chatCompletionBody({id, created: Math.floor(context.engine.now() / 1000), model: body.model, text: reply.text, usage}, PLAIN_CHAT, chatUsage(usage)))
}

function listModels(context: HandlerContext<EndpointProvider>): Reply {
  const created = Math.floor(context.engine.now() / 1000)
  return json({object: 'list', data: MODELS.map((id) => ({id, object: 'model', created, owned_by: 'emulator'}))})
}

/** The requests admitted in the last minute: a sliding window, as rate-limited servers count. */
class RateWindow {
  private readonly admitted: number[] = []

  constructor(private readonly limit: number | undefined) {}

  /** Admits a request at `now`, or says how many milliseconds until one would be admitted. */
  admit(now: number): number | undefined {
    if (this.limit === undefined) return undefined
    while (this.admitted.length > 0 && now - this.admitted[0]! >= 60_000) this.admitted.shift()
    if (this.admitted.length >= this.limit) return this.admitted[0]! + 60_000 - now
    this.admitted.push(now)
    return undefined
  }
}
