import type {
  BatchRequest$Outbound,
  ChatCompletionRequest$Outbound,
  ContentChunk$Outbound,
} from '@mistralai/mistralai/models/components'

import {megabytes} from '../shared/limits.js'
import {chatMessages, chatTextPart, dataUrl, jsonSchemaFormat, reasoningEffort, withBodyFields} from '../shared/openai-chat.js'
import {filePartRefused} from '../shared/refusals.js'
import type {LineFormat} from '../types.js'
import type {CanonicalRequest, RequestPart} from '../../core/prepare/request.js'

/**
 * The chat body as it goes on the wire: the SDK's snake_case `$Outbound` type (its public types are
 * camelCase and renamed by its serializer), without `model`, which the batch job carries, and
 * `stream`, which a batch line does not take.
 */
export type MistralChatBody = Omit<ChatCompletionRequest$Outbound, 'model' | 'stream'>

/** One line of a Mistral batch input file (providers.md §5.3). */
export interface MistralBatchLine extends BatchRequest$Outbound {
  custom_id: string
  body: MistralChatBody
}

/** The model is not used: Mistral takes it once, on the batch job. */
export function toMistralLine(request: CanonicalRequest, _model: string): MistralBatchLine {
  return {
    custom_id: request.custom_id,
    body: {
      messages: chatMessages(request.system, request.parts.map(mistralPart)),
      max_tokens: request.max_tokens,
      response_format: jsonSchemaFormat(request.schema),
      reasoning_effort: reasoningEffort('mistral', request.thinking),
      temperature: request.temperature,
    },
  }
}

/**
 * Mistral takes an image as a bare data-URL string. Its `document_url` chunk is documented for
 * links, not inline data, so files are refused rather than sent to fail at the vendor.
 */
function mistralPart(part: RequestPart): ContentChunk$Outbound {
  switch (part.type) {
    case 'text':
      return chatTextPart(part)
    case 'image':
      return {type: 'image_url', image_url: dataUrl(part)}
    case 'file':
      throw filePartRefused('mistral', part)
  }
}

export const mistralFormat: LineFormat = {
  provider: 'mistral',
  // Mistral's known limitations page; its batch guide's "up to 1M requests" is not what it enforces.
  limits: {maxRequests: 100_000, maxBytes: megabytes(512)},
  thinking: {level: true, budget: false},
  requiresMaxTokens: false,
  toLine: toMistralLine,
  withMaxTokens: (line, maxTokens) => withBodyFields(line as MistralBatchLine, {max_tokens: maxTokens}),
}
