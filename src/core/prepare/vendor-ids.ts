import {createHash} from 'node:crypto'

import {UserError} from '../errors.js'
import type {BatchProvider} from '../../providers/names.js'

/**
 * What a vendor accepts as a request id. A batch with one id the vendor refuses fails whole at
 * `start` (Anthropic answers 400 to the create call), possibly after other vendors' batches of the
 * same run were sent: `prepare` maps such ids to ones the vendor takes (see VendorIds).
 */
interface IdRule {
  accepts(id: string): boolean
  /** The longest id the vendor takes, in characters. */
  maxLength: number
}

/**
 * The documented rules. OpenAI (`BatchRequestInput.custom_id`, openai-openapi), Groq (the same
 * envelope), Mistral (`BatchRequest.custom_id`, @mistralai/mistralai) and Gemini (`key` of a file
 * line) document only a string, unique within the batch: their ids pass as they are.
 */
const ID_RULES: Partial<Record<BatchProvider, IdRule>> = {
  // https://platform.claude.com/docs/en/api/messages/batches/create: `custom_id` minLength 1,
  // maxLength 64, pattern ^[a-zA-Z0-9_-]{1,64}$; a bad one is a 400 for the whole batch.
  anthropic: {accepts: (id) => ANTHROPIC_ID.test(id), maxLength: 64},
  // https://docs.together.ai/docs/inference/batch/tutorial: `custom_id` "max 64 chars". Counted
  // here in UTF-8 bytes, which is at least the count in characters whatever Together counts.
  together: {accepts: (id) => id !== '' && Buffer.byteLength(id) <= 64, maxLength: 64},
}

const ANTHROPIC_ID = /^[a-zA-Z0-9_-]{1,64}$/

/** A mapped id ends in `-` and 10 hex digits of the original's hash; an id of another shape can never equal one. */
const MAPPED_SHAPE = /-[0-9a-f]{10}$/
const HASH_CHARACTERS = 10

/**
 * The ids of one batch as its vendor gets them. An id the vendor accepts is kept; any other
 * becomes a safe id made from it alone (so every prepare of the same ids makes the same ones):
 * its characters outside `[A-Za-z0-9_-]` replaced by `_`, cut to leave room, and `-` plus ten
 * hex digits of its SHA-256, e.g. `q1.a` -> `q1_a-3c5b3b1e1a`. Safe ids are checked against
 * every other id of the batch: a clash (astronomically unlikely by chance) is refused in one
 * line rather than sent. A vendor without a rule costs nothing per request.
 */
export class VendorIds {
  private readonly rule: IdRule | undefined
  /** Safe id -> original id, for the ids that were mapped. */
  private readonly mapped = new Map<string, string>()
  /** Ids kept as they were that have the shape of a safe id: the only ones a safe id could clash with. */
  private readonly lookalikes = new Set<string>()

  constructor(private readonly provider: BatchProvider) {
    this.rule = ID_RULES[provider]
  }

  /** The id the vendor gets for request `id`. */
  vendorId(id: string): string {
    const rule = this.rule
    if (rule === undefined) return id
    if (rule.accepts(id)) {
      if (MAPPED_SHAPE.test(id)) this.keepLookalike(id)
      return id
    }
    const safe = safeId(id, rule.maxLength)
    const earlier = this.mapped.get(safe) ?? (this.lookalikes.has(safe) ? safe : undefined)
    if (earlier !== undefined && earlier !== id) throw this.clash(earlier, id, safe)
    this.mapped.set(safe, id)
    return safe
  }

  /** Safe id -> original id, for the ids that had to change; empty when none did. */
  get originals(): ReadonlyMap<string, string> {
    return this.mapped
  }

  private keepLookalike(id: string): void {
    const original = this.mapped.get(id)
    if (original !== undefined) throw this.clash(original, id, id)
    this.lookalikes.add(id)
  }

  private clash(first: string, second: string, safe: string): UserError {
    return new UserError(`request ids "${first}" and "${second}" would both reach ${this.provider} as "${safe}": rename one of them`)
  }
}

/** The safe id of `id`: deterministic, at most `maxLength` characters of `[A-Za-z0-9_-]`. */
export function safeId(id: string, maxLength: number): string {
  const suffix = `-${createHash('sha256').update(id).digest('hex').slice(0, HASH_CHARACTERS)}`
  return id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, maxLength - suffix.length) + suffix
}
