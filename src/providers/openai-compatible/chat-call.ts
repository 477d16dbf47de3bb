import {setTimeout as sleep} from 'node:timers/promises'

import {UserError} from '../../core/errors.js'
import {retryDelayMs, type RetryPolicy} from '../shared/retry-policy.js'
import {VENDOR_EXIT_CODE, scrub} from '../shared/vendor-error.js'
import type {AnswerLine} from './answers.js'
import type {EndpointConfig} from './endpoint-config.js'
import type {EndpointLine} from './format.js'
import type {RequestPacer} from './request-pacer.js'

/** What every request of one run shares. */
export interface ChatCallContext {
  endpoint: EndpointConfig
  key: string | undefined
  pacer: RequestPacer
  policy: RetryPolicy
  /** Aborted when the run stops (cancel, Ctrl-C): requests in flight are dropped, not answered. */
  signal: AbortSignal
}

/** The run was stopped while this request was in flight: it has no answer and is sent again on resume. */
export class RunStopped extends Error {
  override readonly name = 'RunStopped'
}

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 409, 429, 500, 502, 503, 504])

/**
 * Sends one request until it has an answer worth keeping: retries 408, 409, 429 and 5xx (waiting
 * what `retry-after` asks, and holding every other start meanwhile on a 429), connection failures
 * and timeouts, each attempt counted by the pacer. A rejected key or an unreachable server stops
 * the whole run (a UserError): every other request would fail the same way.
 */
export async function answerRequest(context: ChatCallContext, line: EndpointLine): Promise<AnswerLine> {
  const {endpoint, policy, signal} = context
  for (let attempt = 0; ; attempt += 1) {
    if (!(await context.pacer.take(signal))) throw new RunStopped()
    const last = attempt >= policy.maxRetries
    const started = performance.now()
    const answer = (response: AnswerLine['response'], error: AnswerLine['error']): AnswerLine => ({
      custom_id: line.custom_id,
      response,
      error,
      latency_ms: Math.round(performance.now() - started),
      attempts: attempt + 1,
      at: new Date().toISOString(),
    })
    let status: number
    let text: string
    let headers: Headers
    const deadline = new AttemptSignal(signal, endpoint.timeout_seconds * 1000)
    try {
      const response = await fetch(`${endpoint.base_url}/chat/completions`, {
        method: 'POST',
        headers: requestHeaders(context, line),
        body: JSON.stringify(line.body),
        signal: deadline.signal,
      })
      status = response.status
      headers = response.headers
      text = await response.text()
    } catch (error) {
      if (signal.aborted) throw new RunStopped()
      const timedOut = deadline.timedOut
      if (!last) {
        await pause(retryDelayMs(attempt, undefined, policy), signal)
        continue
      }
      if (timedOut) return answer(null, {code: 'timeout', message: `no answer within ${endpoint.timeout_seconds} s, ${attempt + 1} attempts`})
      throw unreachable(context, error)
    } finally {
      deadline.release()
    }
    if (status === 401 || status === 403) throw keyRejected(context, status, text)
    if (!last && RETRYABLE_STATUSES.has(status)) {
      const delay = retryDelayMs(attempt, headers, policy)
      if (status === 429) context.pacer.pauseUntil(Date.now() + delay)
      await pause(delay, signal)
      continue
    }
    return answer({status_code: status, body: parseBody(text)}, null)
  }
}

/**
 * One attempt's signal: aborted by the run's stop or by the time limit, and let go of as soon as
 * the attempt ends. (`AbortSignal.any` over `AbortSignal.timeout` would leave a timer and a
 * listener on the run's signal behind each finished request until its timeout came.)
 */
class AttemptSignal {
  private readonly controller = new AbortController()
  private readonly timer: NodeJS.Timeout
  private readonly stop = (): void => this.controller.abort()
  timedOut = false

  constructor(
    private readonly run: AbortSignal,
    milliseconds: number,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true
      this.controller.abort()
    }, milliseconds)
    run.addEventListener('abort', this.stop, {once: true})
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  release(): void {
    clearTimeout(this.timer)
    this.run.removeEventListener('abort', this.stop)
  }
}

/** The key (when the endpoint takes one), and the task id so the server's logs can name the request. */
function requestHeaders(context: ChatCallContext, line: EndpointLine): Record<string, string> {
  const headers: Record<string, string> = {'content-type': 'application/json', 'x-bench-custom-id': line.custom_id}
  if (context.key !== undefined) headers.authorization = `Bearer ${context.key}`
  return headers
}

async function pause(milliseconds: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(milliseconds, undefined, {signal})
  } catch {
    throw new RunStopped()
  }
}

/** JSON when it is, else the text itself: an error page is still worth keeping as the reason. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function keyRejected(context: ChatCallContext, status: number, text: string): UserError {
  const variable = context.endpoint.key_variable
  const advice = variable === undefined ? `add "key_variable" for it in bench.endpoints.json` : `check ${variable} in .env`
  const detail = scrub(text.replace(/\s+/g, ' ').trim().slice(0, 200), context.key ?? '')
  return new UserError(`endpoint "${context.endpoint.name}" refused the key (HTTP ${status}${detail === '' ? '' : `: ${detail}`}); ${advice}`, {
    exitCode: VENDOR_EXIT_CODE,
  })
}

function unreachable(context: ChatCallContext, error: unknown): UserError {
  const cause = (error as {cause?: {message?: string}}).cause?.message ?? (error as Error).message
  return new UserError(
    `endpoint "${context.endpoint.name}" could not be reached at ${context.endpoint.base_url} (${scrub(cause, context.key ?? '')}); check that the server runs, then run \`bench start\` again to resume`,
    {exitCode: VENDOR_EXIT_CODE},
  )
}
