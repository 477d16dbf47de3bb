import type {BatchCreateParams} from '@anthropic-ai/sdk/resources/messages/batches'
import type {Base64ImageSource, ContentBlockParam, ThinkingConfigEnabled} from '@anthropic-ai/sdk/resources/messages/messages'

import {megabytes} from '../shared/limits.js'
import {mimeRefused, thinkingLevelRefused} from '../shared/refusals.js'
import type {LineFormat} from '../types.js'
import {UserError} from '../../core/errors.js'
import type {CanonicalRequest, RequestPart} from '../../core/prepare/request.js'

/** One element of a Message Batch's `requests` (providers.md §3.2), kept one per line on disk. */
export type AnthropicBatchLine = BatchCreateParams.Request

/** The thinking budget floor the Messages API enforces (SDK doc of `budget_tokens`). */
const MINIMUM_THINKING_BUDGET = 1024

const IMAGE_TYPES: readonly Base64ImageSource['media_type'][] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp']

export function toAnthropicLine(request: CanonicalRequest, model: string): AnthropicBatchLine {
  const maxTokens = request.max_tokens
  if (maxTokens === undefined) {
    throw new UserError('anthropic requires a token limit on every request: pass --max-tokens (e.g. --max-tokens 16000)')
  }
  // API version 2026-10-21, which SDK 1.x speaks, dropped the sampling parameters.
  if (request.temperature !== undefined) {
    throw new UserError('anthropic takes no temperature since its API version 2026-10-21: drop --temperature')
  }
  return {
    custom_id: request.custom_id,
    params: {
      model,
      max_tokens: maxTokens,
      system: request.system,
      messages: [{role: 'user', content: request.parts.map(anthropicBlock)}],
      // The GA Messages API takes the schema here; `output_format` is only the beta namespace's spelling.
      output_config: request.schema === undefined ? undefined : {format: {type: 'json_schema', schema: request.schema.schema}},
      thinking: thinkingConfig(request, maxTokens),
    },
  }
}

function anthropicBlock(part: RequestPart): ContentBlockParam {
  switch (part.type) {
    case 'text':
      return {type: 'text', text: part.text}
    case 'image': {
      const mime = IMAGE_TYPES.find((type) => type === part.mime)
      if (mime === undefined) throw mimeRefused('anthropic', 'image', part.mime, IMAGE_TYPES)
      return {type: 'image', source: {type: 'base64', media_type: mime, data: part.data}}
    }
    case 'file':
      if (part.mime !== 'application/pdf') throw mimeRefused('anthropic', 'file', part.mime, ['application/pdf'])
      return {type: 'document', source: {type: 'base64', media_type: 'application/pdf', data: part.data}}
  }
}

/** Refused here rather than as an errored line a day later: the API rejects each of these. */
function thinkingConfig(request: CanonicalRequest, maxTokens: number): ThinkingConfigEnabled | undefined {
  const thinking = request.thinking
  if (thinking === undefined) return undefined
  if ('level' in thinking) throw thinkingLevelRefused('anthropic')
  if (thinking.budget < MINIMUM_THINKING_BUDGET) {
    throw new UserError(`anthropic needs a thinking budget of at least ${MINIMUM_THINKING_BUDGET} tokens: raise --thinking-budget`)
  }
  if (thinking.budget >= maxTokens) {
    throw new UserError(
      `anthropic counts thinking inside the token limit, so --thinking-budget (${thinking.budget}) must be below --max-tokens (${maxTokens}): raise --max-tokens`,
    )
  }
  return {type: 'enabled', budget_tokens: thinking.budget}
}

export const anthropicFormat: LineFormat = {
  provider: 'anthropic',
  limits: {maxRequests: 100_000, maxBytes: megabytes(256)},
  thinking: {level: false, budget: true},
  requiresMaxTokens: true,
  toLine: toAnthropicLine,
  withMaxTokens: (line, maxTokens) => {
    const request = line as AnthropicBatchLine
    return {...request, params: {...request.params, max_tokens: maxTokens}}
  },
}
