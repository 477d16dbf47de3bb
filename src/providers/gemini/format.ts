import type {Content, GenerationConfig, Part, ThinkingConfig, ThinkingLevel as GeminiThinkingLevel} from '@google/genai'

import type {LineFormat} from '../types.js'
import type {CanonicalRequest, RequestPart, Thinking, ThinkingLevel} from '../../core/prepare/request.js'

/**
 * The SDK's `ThinkingLevel` enum as the strings it sends (`"HIGH"`). The enum itself is a runtime
 * object, and format modules load no SDK.
 */
export type GeminiThinkingConfig = Omit<ThinkingConfig, 'thinkingLevel'> & {thinkingLevel?: `${GeminiThinkingLevel}`}

export type GeminiGenerationConfig = Omit<GenerationConfig, 'thinkingConfig'> & {thinkingConfig?: GeminiThinkingConfig}

/** A REST `GenerateContentRequest` without `model`: the batch job names it (providers.md §4.3). */
export interface GeminiRequest {
  systemInstruction?: Content
  contents: Content[]
  generationConfig: GeminiGenerationConfig
}

/** One line of a Gemini batch input file. */
export interface GeminiBatchLine {
  key: string
  request: GeminiRequest
}

const THINKING_LEVELS = {low: 'LOW', medium: 'MEDIUM', high: 'HIGH'} as const satisfies Record<ThinkingLevel, `${GeminiThinkingLevel}`>

/** The model is not used: Gemini takes it once, in the batch's create URL. */
export function toGeminiLine(request: CanonicalRequest, _model: string): GeminiBatchLine {
  return {
    key: request.custom_id,
    request: {
      systemInstruction: request.system === undefined ? undefined : {parts: [{text: request.system}]},
      contents: [{role: 'user', parts: request.parts.map(geminiPart)}],
      generationConfig: {
        responseMimeType: request.schema === undefined ? undefined : 'application/json',
        // `responseJsonSchema` takes plain JSON Schema; `responseSchema` wants Google's OpenAPI subset.
        responseJsonSchema: request.schema?.schema,
        maxOutputTokens: request.max_tokens,
        temperature: request.temperature,
        thinkingConfig: thinkingConfig(request.thinking),
      },
    },
  }
}

/** Images and files alike travel as inline data; Gemini reads PDFs this way too. */
function geminiPart(part: RequestPart): Part {
  return part.type === 'text' ? {text: part.text} : {inlineData: {mimeType: part.mime, data: part.data}}
}

/** Gemini 3 models take a level, Gemini 2.5 models a budget: both pass through. */
function thinkingConfig(thinking: Thinking | undefined): GeminiThinkingConfig | undefined {
  if (thinking === undefined) return undefined
  return 'level' in thinking ? {thinkingLevel: THINKING_LEVELS[thinking.level]} : {thinkingBudget: thinking.budget}
}

export const geminiFormat: LineFormat = {
  provider: 'gemini',
  limits: {
    // Gemini documents no request cap for file input; 100,000 matches the largest cap of the other
    // vendors, so one failed or expired shard never costs more than that.
    maxRequests: 100_000,
    // The 2 GB cap on an uploaded file, read in decimal units to stay under it either way.
    maxBytes: 2_000_000_000,
  },
  thinking: {level: true, budget: true},
  requiresMaxTokens: false,
  toLine: toGeminiLine,
  withMaxTokens: (line, maxTokens) => {
    const {key, request} = line as GeminiBatchLine
    return {key, request: {...request, generationConfig: {...request.generationConfig, maxOutputTokens: maxTokens}}}
  },
}
