import {createHash} from 'node:crypto'

import type {LineFeatures} from './capabilities.js'
import {sampleFromSchema} from './schema-sample.js'
import {parseRepeatId} from '../../core/jury/repeats.js'
import type {JsonSchema} from '../../core/prepare/request.js'
import type {BatchProvider} from '../../providers/names.js'

/**
 * One request of a batch as the responder sees it: vendor-neutral, extracted by each vendor
 * module from the vendor's own line format.
 */
export interface LineRequest {
  custom_id: string
  /** The model the line asks for (for Anthropic/Gemini/Mistral, the batch's when the line has none). */
  model: string
  /** The system / developer / instructions text, joined. */
  system?: string
  /** The user text parts, in order. */
  texts: string[]
  /** How many image parts the user message holds. */
  imageCount: number
  /** The structured-output JSON schema, when the request asks for one. */
  schema?: JsonSchema
  /** What the line asks of its model (schema, thinking, images, PDFs), checked against declared capabilities. */
  uses?: LineFeatures
}

/** What the responder gets for each line the emulator executes. */
export interface ResponderContext extends LineRequest {
  provider: BatchProvider
  /** The emulator's seed, for deterministic answers. */
  seed: number
  /** Share of repeats (`<id>__r<k>`) answered afresh; the others answer as the item's first ask (engine.ts). */
  repeatDisagreement?: number
}

/** A line's answer: either text, or a per-line error the vendor module renders its own way. */
export type ResponderReply = {text: string} | {error: {status: number; code: string; message: string}}

/**
 * Answers one line. Synchronous on purpose: lines run while a status request is being served,
 * and the answer must not depend on timing.
 */
export type Responder = (context: ResponderContext) => ResponderReply

/**
 * The default answer: deterministic for a seed, a vendor, a model and a custom_id. JSON text that
 * satisfies the schema when there is one, else a short plain-text answer quoting the question.
 * The model is part of the draw so that two models of one vendor answer (and judge) differently,
 * as real ones do: two candidate judges that always agreed would hide a mistake in comparing them.
 */
export const defaultResponder: Responder = (context) => {
  const random = seededRandom(`${context.seed}:${context.provider}:${context.model}:${answerKey(context)}`)
  if (context.schema !== undefined) return {text: JSON.stringify(sampleFromSchema(context.schema, random))}
  const question = context.texts.join(' ').replace(/\s+/g, ' ').trim().slice(0, 60)
  const images = context.imageCount > 0 ? ` (${context.imageCount} image${context.imageCount === 1 ? '' : 's'})` : ''
  return {text: `Emulated answer ${Math.floor(random() * 1000)} from ${context.model} to "${question}"${images}.`}
}

/**
 * What an answer is drawn from: a judge's repeat of an item answers as its first ask did, unless
 * a draw (seeded by the repeat's own id) under `repeatDisagreement` makes it answer afresh.
 */
function answerKey(context: ResponderContext): string {
  const {id, repeat} = parseRepeatId(context.custom_id)
  if (repeat === 1) return context.custom_id
  const afresh = seededRandom(`${context.seed}:repeat:${context.provider}:${context.model}:${context.custom_id}`)() < (context.repeatDisagreement ?? 0)
  return afresh ? context.custom_id : id
}

/** A deterministic generator of numbers in [0, 1) for a key (SplitMix32 over a SHA-256 seed). */
export function seededRandom(key: string): () => number {
  let state = createHash('sha256').update(key).digest().readUInt32BE(0)
  return () => {
    state = (state + 0x9e3779b9) | 0
    let mixed = state
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b)
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35)
    mixed ^= mixed >>> 16
    return (mixed >>> 0) / 2 ** 32
  }
}

/** Vendor-neutral token counts of one answered line: about four characters per token. */
export interface LineUsage {
  input: number
  output: number
}

/** Estimates usage the way the vendors roughly count: chars / 4, plus a flat cost per image. */
export function estimateUsage(request: LineRequest, text: string): LineUsage {
  const characters = (request.system?.length ?? 0) + request.texts.reduce((sum, part) => sum + part.length, 0)
  return {
    input: Math.max(1, Math.ceil(characters / 4)) + request.imageCount * 258,
    output: Math.max(1, Math.ceil(text.length / 4)),
  }
}
