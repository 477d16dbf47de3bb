import {interned, invalidRequest, jsonObject as object, type CapabilityError, type Lacking, type LineFeatures} from '../shared/capabilities.js'

/** What a Gemini `GenerateContentRequest` asks of the model (camelCase or snake_case, as the REST API takes both). */
export function geminiFeatures(request: Record<string, unknown>): LineFeatures {
  const features: LineFeatures = {images: 0, pdfs: 0}
  const generation = object(request.generationConfig ?? request.generation_config) ?? {}
  if (generation.responseJsonSchema ?? generation.response_json_schema ?? generation.responseSchema ?? generation.response_schema) features.schema = 'strict'
  const thinking = object(generation.thinkingConfig ?? generation.thinking_config)
  const level = thinking?.thinkingLevel ?? thinking?.thinking_level
  const budget = thinking?.thinkingBudget ?? thinking?.thinking_budget
  if (typeof level === 'string') features.thinking = {level: level.toLowerCase()}
  else if (typeof budget === 'number') features.thinking = {budget}
  for (const content of Array.isArray(request.contents) ? request.contents : []) {
    const parts = object(content)?.parts
    for (const part of Array.isArray(parts) ? parts : []) {
      const data = object(object(part)?.inlineData ?? object(part)?.inline_data ?? object(part)?.fileData ?? object(part)?.file_data)
      const mime = data?.mimeType ?? data?.mime_type
      if (typeof mime === 'string' && mime.startsWith('image/')) features.images += 1
      if (mime === 'application/pdf') features.pdfs += 1
    }
  }
  return interned(features)
}

/** Gemini's 400 INVALID_ARGUMENT. */
export function geminiCapabilityError(lacking: Lacking, model: string): CapabilityError {
  switch (lacking.kind) {
    case 'schema':
      return invalidRequest(`JSON mode is not enabled for models/${model}`)
    case 'thinking':
      return invalidRequest('Thinking is not supported for this model.')
    case 'level':
      return invalidRequest(
        lacking.levels.length === 0
          ? 'Thinking level is not supported for this model.'
          : `Thinking level ${lacking.level.toUpperCase()} is not supported for this model. Please retry with other thinking level.`,
      )
    case 'budget':
      return invalidRequest(
        lacking.range === undefined
          ? 'Thinking budget is not supported for this model.'
          : `The thinking budget ${lacking.budget} is invalid. Please choose a value between ${lacking.range.min} and ${lacking.range.max}.`,
      )
    case 'images':
    case 'pdfs':
      return invalidRequest(`Unsupported MIME type for models/${model}.`)
  }
}
