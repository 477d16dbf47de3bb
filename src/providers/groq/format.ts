import type {BatchCreateParams} from 'groq-sdk/resources/batches'
import type {ChatCompletionCreateParamsNonStreaming} from 'groq-sdk/resources/chat/completions'

import {megabytes} from '../shared/limits.js'
import {chatMessages, chatPart, jsonSchemaFormat, reasoningEffort, withBodyFields} from '../shared/openai-chat.js'
import type {LineFormat} from '../types.js'
import type {CanonicalRequest} from '../../core/prepare/request.js'

/** One line of a Groq batch input file: OpenAI's envelope (providers.md §7.3). */
export interface GroqBatchLine {
  custom_id: string
  method: 'POST'
  url: BatchCreateParams['endpoint']
  body: ChatCompletionCreateParamsNonStreaming
}

export function toGroqLine(request: CanonicalRequest, model: string): GroqBatchLine {
  return {
    custom_id: request.custom_id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model,
      messages: chatMessages(request.system, request.parts.map((part) => chatPart('groq', part))),
      // Groq deprecates `max_tokens` in favour of this one.
      max_completion_tokens: request.max_tokens,
      response_format: jsonSchemaFormat(request.schema),
      reasoning_effort: reasoningEffort('groq', request.thinking),
      temperature: request.temperature,
    },
  }
}

export const groqFormat: LineFormat = {
  provider: 'groq',
  // The SDK documents the 100 MB file cap; the request cap is Groq's batch guide's.
  limits: {maxRequests: 50_000, maxBytes: megabytes(100)},
  thinking: {level: true, budget: false},
  requiresMaxTokens: false,
  toLine: toGroqLine,
  withMaxTokens: (line, maxTokens) => withBodyFields(line as GroqBatchLine, {max_completion_tokens: maxTokens}),
}
