import type {ChatCompletionContentPart, ChatCompletionCreateParamsNonStreaming} from 'openai/resources/chat/completions'

import type {EndpointConfig} from './endpoint-config.js'
import {ENDPOINT_PROVIDER} from '../names.js'
import {chatMessages, chatPart, dataUrl, jsonSchemaFormat, reasoningEffort, withBodyFields} from '../shared/openai-chat.js'
import type {LineFormat} from '../types.js'
import {UserError} from '../../core/errors.js'
import type {CanonicalRequest, RequestPart} from '../../core/prepare/request.js'

/** One prepared request for an endpoint: the chat-completions body bench's worker posts as it is. */
export interface EndpointLine {
  custom_id: string
  body: ChatCompletionCreateParamsNonStreaming
}

/**
 * The line format of one endpoint. Nothing is uploaded, so there is no batch to fit: the limits
 * keep every request in one file, which the worker reads from start to end.
 */
export function endpointFormat(endpoint: EndpointConfig): LineFormat {
  return {
    provider: ENDPOINT_PROVIDER,
    limits: {maxRequests: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER},
    thinking: {level: true, budget: false},
    requiresMaxTokens: false,
    toLine: (request, model) => toEndpointLine(endpoint, request, model),
    withMaxTokens: (line, maxTokens) => withBodyFields(line as EndpointLine, {max_tokens: maxTokens}),
  }
}

export function toEndpointLine(endpoint: EndpointConfig, request: CanonicalRequest, model: string): EndpointLine {
  return {
    custom_id: request.custom_id,
    body: {
      model,
      messages: chatMessages(request.system, request.parts.map((part) => endpointPart(endpoint, part))),
      // Servers of this kind (vLLM, Ollama, OpenRouter) all read `max_tokens`; not all the newer name.
      max_tokens: request.max_tokens,
      response_format: jsonSchemaFormat(request.schema),
      // A budget never gets here: `prepare` refuses it first, naming this format's provider.
      reasoning_effort: reasoningEffort('openai', request.thinking),
      temperature: request.temperature,
    },
  }
}

/** Images as data URLs; PDFs as OpenAI `file` parts, only where the endpoint's config says it reads them. */
function endpointPart(endpoint: EndpointConfig, part: RequestPart): ChatCompletionContentPart {
  // Text and images travel exactly as OpenAI's chat takes them (the vendor name only labels file refusals).
  if (part.type !== 'file') return chatPart('openai', part)
  if (!endpoint.files || part.mime !== 'application/pdf') {
    throw new UserError(
      `endpoint "${endpoint.name}" takes no ${part.mime} files (got "${part.name}"): remove the file, or set "files": true for it in bench.endpoints.json if the server reads PDFs`,
    )
  }
  return {type: 'file', file: {filename: part.name, file_data: dataUrl(part)}}
}
