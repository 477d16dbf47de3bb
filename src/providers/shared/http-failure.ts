/**
 * A non-2xx answer to one of bench's own HTTP calls (Together's upload, Gemini's raw reads),
 * shaped like an SDK error so `vendorError` words it the same way.
 */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure'
  readonly status: number
  readonly body: string
  /** The answer's headers, where the vendor's request id is read from. */
  readonly headers: {get(name: string): string | null} | undefined

  constructor(status: number, body: string, headers?: {get(name: string): string | null}) {
    super(`HTTP ${status}`)
    this.status = status
    this.body = body
    this.headers = headers
  }
}

/** Throws an HttpFailure unless the response has one of the expected statuses. */
export async function expectStatus(response: Response, expected: readonly number[]): Promise<Response> {
  if (expected.includes(response.status)) return response
  throw new HttpFailure(response.status, await response.text().catch(() => ''), response.headers)
}
