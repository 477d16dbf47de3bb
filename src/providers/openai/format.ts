import type {BatchCreateParams} from 'openai/resources/batches'
import type {ChatCompletionContentPart, ChatCompletionCreateParamsNonStreaming} from 'openai/resources/chat/completions'

import {megabytes} from '../shared/limits.js'
import {chatMessages, chatPart, dataUrl, jsonSchemaFormat, reasoningEffort, withBodyFields} from '../shared/openai-chat.js'
import {mimeRefused} from '../shared/refusals.js'
import type {LineFormat} from '../types.js'
import type {CanonicalRequest, RequestPart} from '../../core/prepare/request.js'

/** One line of an OpenAI batch input file (providers.md §2.3); the body is a chat-completions request. */
export interface OpenAIBatchLine {
  custom_id: string
  method: 'POST'
  url: Extract<BatchCreateParams['endpoint'], '/v1/chat/completions'>
  body: ChatCompletionCreateParamsNonStreaming
}

export function toOpenAILine(request: CanonicalRequest, model: string): OpenAIBatchLine {
  return {
    custom_id: request.custom_id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model,
      messages: chatMessages(request.system, request.parts.map(openAIPart)),
      // `max_tokens` is deprecated here and refused by reasoning models.
      max_completion_tokens: request.max_tokens,
      response_format: jsonSchemaFormat(request.schema),
      reasoning_effort: reasoningEffort('openai', request.thinking),
      temperature: request.temperature,
    },
  }
}

/** OpenAI alone of the chat vendors reads files, and only PDFs, inline as a data URL. */
function openAIPart(part: RequestPart): ChatCompletionContentPart {
  if (part.type !== 'file') return chatPart('openai', part)
  if (part.mime !== 'application/pdf') throw mimeRefused('openai', 'file', part.mime, ['application/pdf'])
  return {type: 'file', file: {filename: part.name, file_data: dataUrl(part)}}
}

export const openaiFormat: LineFormat = {
  provider: 'openai',
  limits: {maxRequests: 50_000, maxBytes: megabytes(200)},
  thinking: {level: true, budget: false},
  requiresMaxTokens: false,
  toLine: toOpenAILine,
  withMaxTokens: (line, maxTokens) => withBodyFields(line as OpenAIBatchLine, {max_completion_tokens: maxTokens}),
}
