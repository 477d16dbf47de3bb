import {setTimeout as sleep} from 'node:timers/promises'

import {RETRYABLE_STATUSES, retryDelayMs, type RetryPolicy} from './retry-policy.js'

/**
 * A `fetch` that retries transient failures, for the SDKs that do not retry by themselves
 * (Gemini, Mistral) and for bench's own direct calls. Requests given as a `Request` are cloned per
 * attempt because a body can be read only once; string and Blob bodies replay as they are.
 */
export function createRetryingFetch(policy: RetryPolicy, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    for (let attempt = 0; ; attempt += 1) {
      const last = attempt >= policy.maxRetries
      const request = input instanceof Request && !last ? input.clone() : input
      let response: Response
      try {
        response = await base(request, init)
      } catch (error) {
        if (last || !isConnectionFailure(error)) throw error
        await sleep(retryDelayMs(attempt, undefined, policy))
        continue
      }
      if (last || !RETRYABLE_STATUSES.has(response.status)) return response
      await response.body?.cancel()
      await sleep(retryDelayMs(attempt, response.headers, policy))
    }
  }
}

/** Node's fetch reports resets and refusals as a TypeError; an abort is the caller's choice. */
function isConnectionFailure(error: unknown): boolean {
  return error instanceof TypeError
}
