/**
 * A non-2xx answer to one of bench's own HTTP calls (Together's upload, Gemini's raw reads),
 * shaped like an SDK error so `vendorError` words it the same way.
 */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure'
  readonly status: number
  readonly body: string

  constructor(status: number, body: string) {
    super(`HTTP ${status}`)
    this.status = status
    this.body = body
  }
}

/** Throws an HttpFailure unless the response has one of the expected statuses. */
export async function expectStatus(response: Response, expected: readonly number[]): Promise<Response> {
  if (expected.includes(response.status)) return response
  throw new HttpFailure(response.status, await response.text().catch(() => ''))
}
