import {interned, invalidRequest, jsonObject as object, type CapabilityError, type Lacking, type LineFeatures} from '../shared/capabilities.js'

/** What Anthropic `params` ask of the model: structured outputs, a thinking budget, image and document blocks. */
export function anthropicFeatures(params: Record<string, unknown>): LineFeatures {
  const features: LineFeatures = {images: 0, pdfs: 0}
  const format = object(object(params.output_config)?.format) ?? object(params.output_format)
  if (format?.type === 'json_schema') features.schema = 'strict'
  const thinking = object(params.thinking)
  if (thinking?.type === 'enabled' && typeof thinking.budget_tokens === 'number') features.thinking = {budget: thinking.budget_tokens}
  for (const message of Array.isArray(params.messages) ? params.messages : []) {
    const content = object(message)?.content
    for (const block of Array.isArray(content) ? content : []) {
      const type = object(block)?.type
      if (type === 'image') features.images += 1
      if (type === 'document') features.pdfs += 1
    }
  }
  return interned(features)
}

/** Anthropic's 400 `invalid_request_error`, with the parameter path first as its validation errors give it. */
export function anthropicCapabilityError(lacking: Lacking, model: string): CapabilityError {
  switch (lacking.kind) {
    case 'schema':
      return invalidRequest(`output_config.format: structured outputs are not supported for model '${model}'.`)
    case 'thinking':
    case 'level':
      return invalidRequest(`thinking: extended thinking is not supported for model '${model}'.`)
    case 'budget':
      return invalidRequest(
        `thinking.enabled.budget_tokens: ${lacking.budget} is out of range for model '${model}'${lacking.range === undefined ? '' : ` (${lacking.range.min} to ${lacking.range.max})`}.`,
      )
    case 'images':
      return invalidRequest(`messages.0.content: image input is not supported for model '${model}'.`)
    case 'pdfs':
      return invalidRequest(`messages.0.content: PDF input is not supported for model '${model}'.`)
  }
}
