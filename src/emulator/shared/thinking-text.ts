import type {LineRequest} from './responder.js'

/**
 * The reasoning a thinking model shows before its answer (Anthropic `thinking` block, Gemini
 * `thought: true` part). Deterministic, and worded so that a client that mistakes it for the
 * answer fails visibly: it is never valid JSON and never equals the answer.
 */
export function thinkingText(request: LineRequest): string {
  const question = request.texts.join(' ').replace(/\s+/g, ' ').trim().slice(0, 60)
  const target = request.schema === undefined ? 'a short answer' : 'JSON matching the requested schema'
  return `Thinking about "${question}": the reply should be ${target}.`
}

/** Tokens the reasoning costs, counted the responder's way (about four characters per token). */
export function thinkingTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4))
}
