import type {LineFormat} from '../../providers/types.js'

/**
 * A prepared line with its token limit set to `maxTokens`, in its vendor's field (each format
 * knows its own: `max_completion_tokens`, `params.max_tokens`, `generationConfig.maxOutputTokens`...).
 * The line was written by `prepare`, so it parses; everything else in it is kept as it was.
 */
export function serializeRetryLine(format: LineFormat, text: string, maxTokens: number): string {
  return JSON.stringify(format.withMaxTokens(JSON.parse(text) as object, maxTokens))
}
