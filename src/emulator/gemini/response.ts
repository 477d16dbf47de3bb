import type {LineOutcome} from '../shared/batch.js'
import {pickVariant} from '../shared/line-fates.js'
import type {LineRequest} from '../shared/responder.js'
import {thinkingText, thinkingTokens} from '../shared/thinking-text.js'

/**
 * A `GenerateContentResponse` as the REST API writes it into a batch's output (camelCase proto3
 * JSON, as @google/genai's `candidateFromMldev` reads it), including the answers that are not
 * normal ones (@google/genai `FinishReason`, `BlockedReason`, `SafetyRating`, `CitationMetadata`):
 * - a blocked prompt: `promptFeedback.blockReason` with its ratings and no candidates;
 * - a blocked answer: the candidate's `finishReason` is SAFETY, PROHIBITED_CONTENT, BLOCKLIST,
 *   SPII or IMAGE_SAFETY, with `safetyRatings` and no content;
 * - a recitation stop: `finishReason: "RECITATION"` with the text so far and `citationMetadata`
 *   (REST spells its list `citationSources`; the SDK renames it `citations`);
 * - a cut answer: `finishReason: "MAX_TOKENS"` with the text so far.
 * Usage stays on every one of them: they are billed.
 */

type Json = Record<string, unknown>
type Answered = Extract<LineOutcome, {kind: 'succeeded'}>

/** The ways a safety block shows, one picked per line: the prompt blocked, or the candidate. */
const SAFETY_VARIANTS = [
  {prompt: 'SAFETY'},
  {prompt: 'PROHIBITED_CONTENT'},
  {candidate: 'SAFETY'},
  {candidate: 'PROHIBITED_CONTENT'},
  {candidate: 'BLOCKLIST'},
  {candidate: 'SPII'},
  {candidate: 'IMAGE_SAFETY'},
] as const

export function generateContentResponse(request: LineRequest, outcome: Answered, thinking: boolean, responseId: string): Json {
  const fate = outcome.fate
  const safety = fate?.kind === 'safety' ? pickVariant(SAFETY_VARIANTS, fate.variant) : undefined
  const tail = {modelVersion: request.model, responseId}
  if (safety !== undefined && 'prompt' in safety) {
    const promptFeedback = {blockReason: safety.prompt, safetyRatings: safetyRatings()}
    return {promptFeedback, usageMetadata: usage(outcome, 0, false), ...tail}
  }
  const thought = thinking ? thinkingText(request) : undefined
  const thoughts = thought === undefined ? 0 : thinkingTokens(thought)
  const parts: Json[] = thought === undefined ? [] : [{text: thought, thought: true}]
  parts.push({text: outcome.text})
  const candidate: Json = safety === undefined ? {content: {role: 'model', parts}} : {}
  candidate.finishReason = safety?.candidate ?? finishReason(fate?.kind)
  candidate.index = 0
  if (safety !== undefined) candidate.safetyRatings = safetyRatings()
  if (fate?.kind === 'recitation') {
    candidate.citationMetadata = {citationSources: [{startIndex: 0, endIndex: outcome.text.length, uri: 'https://example.com/recited-source', license: ''}]}
  }
  return {candidates: [candidate], usageMetadata: usage(outcome, thoughts, true), ...tail}
}

function finishReason(kind: string | undefined): string {
  if (kind === 'truncated') return 'MAX_TOKENS'
  if (kind === 'recitation') return 'RECITATION'
  return 'STOP'
}

/** The four categories the API rates, the dangerous-content one blocked. */
function safetyRatings(): Json[] {
  return [
    {category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE'},
    {category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE'},
    {category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE'},
    {category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true},
  ]
}

/** `usageMetadata`; a blocked prompt generated nothing, so it has no candidate tokens. */
function usage(outcome: Answered, thoughts: number, generated: boolean): Json {
  const output = generated ? outcome.usage.output : 0
  return {
    promptTokenCount: outcome.usage.input,
    ...(generated ? {candidatesTokenCount: output} : {}),
    totalTokenCount: outcome.usage.input + output + thoughts,
    ...(thoughts > 0 ? {thoughtsTokenCount: thoughts} : {}),
    promptTokensDetails: [{modality: 'TEXT', tokenCount: outcome.usage.input}],
  }
}
