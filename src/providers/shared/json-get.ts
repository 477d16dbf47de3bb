import {setTimeout as sleep} from 'node:timers/promises'
import type {IncomingHttpHeaders} from 'node:http'

import {HttpFailure} from './http-failure.js'
import {RETRYABLE_STATUSES, retryDelayMs, type HeaderLookup, type RetryPolicy} from './retry-policy.js'

/** An answer slower than this is dropped and retried, like a reset connection. */
const TIMEOUT_MS = 60_000

interface RawAnswer {
  status: number
  headers: HeaderLookup
  body: string
}

/**
 * GETs one JSON resource over node:http(s), retrying what the SDKs retry (408, 429, 5xx, resets
 * and timeouts, honouring `retry-after`). A non-2xx answer is thrown as an HttpFailure, which
 * `vendorError` words like an SDK's error.
 *
 * Why not fetch: Node's fetch (undici) takes 40-50 ms to load and warm up, and a status read
 * under `watch -n 2 bench get` is a new process every two seconds, whose whole budget that is.
 */
export async function getJson(url: URL, headers: Readonly<Record<string, string>>, policy: RetryPolicy): Promise<unknown> {
  for (let attempt = 0; ; attempt += 1) {
    const last = attempt >= policy.maxRetries
    let answer: RawAnswer
    try {
      answer = await get(url, headers)
    } catch (error) {
      if (last) throw error
      await sleep(retryDelayMs(attempt, undefined, policy))
      continue
    }
    if (answer.status >= 200 && answer.status < 300) return parseBody(url, answer.body)
    if (last || !RETRYABLE_STATUSES.has(answer.status)) throw new HttpFailure(answer.status, answer.body, answer.headers)
    await sleep(retryDelayMs(attempt, answer.headers, policy))
  }
}

function get(url: URL, headers: Readonly<Record<string, string>>): Promise<RawAnswer> {
  // Not `import()`: the ES module facade of node:http reads every export, and one of them is a
  // lazy getter that loads undici, the very cost this module exists to avoid.
  const {request} = url.protocol === 'https:' ? process.getBuiltinModule('node:https') : process.getBuiltinModule('node:http')
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {headers: {accept: 'application/json', ...headers}, timeout: TIMEOUT_MS}, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('error', reject)
      response.on('end', () => resolve({status: response.statusCode ?? 0, headers: headerLookup(response.headers), body}))
    })
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)))
    outgoing.on('error', reject)
    outgoing.end()
  })
}

function headerLookup(headers: IncomingHttpHeaders): HeaderLookup {
  return {
    get: (name) => {
      const value = headers[name.toLowerCase()]
      return Array.isArray(value) ? value.join(', ') : (value ?? null)
    },
  }
}

function parseBody(url: URL, body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    throw new Error(`the answer to GET ${url.pathname} was not JSON`)
  }
}
