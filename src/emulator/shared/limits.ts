/** What a vendor accepts in one batch, enforced where and as the vendor does (see each vendor module). */
export interface BatchLimits {
  /** Requests in one batch. */
  maxRequests: number
  /** Bytes of one batch's input file, or of the create body for vendors that take requests inline. */
  maxBytes: number
  /** Bytes of a create body with inline requests, where the vendor caps it apart from files (Gemini). */
  maxInlineBytes?: number
}

/**
 * A vendor's "N MB" read as binary megabytes, the larger reading: the emulator refuses only what
 * the vendor surely would. bench's clients cut shards to the decimal reading, the smaller.
 */
export function mebibytes(count: number): number {
  return count * 1024 * 1024
}
