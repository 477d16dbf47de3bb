import {interned, invalidRequest, jsonObject as object, type CapabilityError, type Lacking, type LineFeatures} from '../shared/capabilities.js'

/** What a chat-completions (or Responses) body asks of its model: OpenAI, Groq, Together, Mistral. */
export function chatFeatures(body: Record<string, unknown>): LineFeatures {
  const features: LineFeatures = {images: 0, pdfs: 0}
  const format = object(body.response_format) ?? object(object(body.text)?.format)
  if (format?.type === 'json_schema') features.schema = (object(format.json_schema) ?? format).strict === true ? 'strict' : 'best_effort'
  const effort = body.reasoning_effort ?? object(body.reasoning)?.effort
  if (typeof effort === 'string') features.thinking = {level: effort.toLowerCase()}
  const messages = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : []
  for (const message of messages) {
    const content = object(message)?.content
    for (const part of Array.isArray(content) ? content : []) {
      const type = object(part)?.type
      if (type === 'image_url' || type === 'input_image') features.images += 1
      if (type === 'file' || type === 'input_file') features.pdfs += 1
    }
  }
  return interned(features)
}

/**
 * OpenAI's wording for a line asking a model for what it lacks (`unsupported_parameter`,
 * `unsupported_value`, content types "only supported by certain models"); Together and Mistral
 * answer in the same dialect.
 */
export function openAIStyleCapabilityError(lacking: Lacking): CapabilityError {
  switch (lacking.kind) {
    case 'schema':
      return invalidRequest(
        lacking.strict
          ? "Invalid parameter: 'response_format.json_schema.strict' is not supported with this model; send strict: false."
          : "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
      )
    case 'thinking':
    case 'budget':
      return invalidRequest("Unsupported parameter: 'reasoning_effort' is not supported with this model.", 'unsupported_parameter')
    case 'level':
      return invalidRequest(
        `Unsupported value: 'reasoning_effort' does not support '${lacking.level}' with this model. Supported values are: ${lacking.levels.map((level) => `'${level}'`).join(', ')}.`,
        'unsupported_value',
      )
    case 'images':
      return invalidRequest('Invalid content type. image_url is only supported by certain models.')
    case 'pdfs':
      return invalidRequest('Invalid content type. file is only supported by certain models.')
  }
}
