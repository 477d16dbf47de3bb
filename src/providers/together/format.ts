import type {CompletionCreateParamsNonStreaming} from 'together-ai/resources/chat/completions'

import {megabytes} from '../shared/limits.js'
import {chatMessages, chatPart, jsonSchemaFormat, reasoningEffort, withBodyFields} from '../shared/openai-chat.js'
import type {LineFormat} from '../types.js'
import type {CanonicalRequest} from '../../core/prepare/request.js'

/**
 * One line of a Together batch input file (providers.md §6.3): no `method` or `url`, and the model
 * in every body, since the job's `model_id` alone is not enough.
 */
export interface TogetherBatchLine {
  custom_id: string
  body: CompletionCreateParamsNonStreaming
}

export function toTogetherLine(request: CanonicalRequest, model: string): TogetherBatchLine {
  return {
    custom_id: request.custom_id,
    body: {
      model,
      messages: chatMessages(request.system, request.parts.map((part) => chatPart('together', part))),
      max_tokens: request.max_tokens,
      response_format: jsonSchemaFormat(request.schema),
      reasoning_effort: reasoningEffort('together', request.thinking),
      temperature: request.temperature,
    },
  }
}

export const togetherFormat: LineFormat = {
  provider: 'together',
  limits: {maxRequests: 50_000, maxBytes: megabytes(100)},
  thinking: {level: true, budget: false},
  requiresMaxTokens: false,
  toLine: toTogetherLine,
  withMaxTokens: (line, maxTokens) => withBodyFields(line as TogetherBatchLine, {max_tokens: maxTokens}),
}
