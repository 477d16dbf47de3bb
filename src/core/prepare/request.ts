/**
 * The canonical request: one vendor-neutral shape between the domain (datasets, prompts, jury)
 * and the vendor adapters. Every adapter turns exactly this into its own JSONL line.
 */

export interface TextPart {
  type: 'text'
  text: string
}

export interface ImagePart {
  type: 'image'
  /** `image/jpeg`, `image/png`, `image/gif` or `image/webp`. */
  mime: string
  /** Base64, without a `data:` prefix. */
  data: string
}

export interface FilePart {
  type: 'file'
  /** e.g. `application/pdf`. */
  mime: string
  /** The file's base name, for vendors that want one. */
  name: string
  /** Base64, without a `data:` prefix. */
  data: string
}

export type RequestPart = TextPart | ImagePart | FilePart

/** A JSON Schema object (draft 2020-12 subset that the vendors' structured outputs accept). */
export type JsonSchema = Record<string, unknown>

export interface OutputSchema {
  /** A name the vendors that want one show in their logs, e.g. `BenchmarkAnswer`. */
  name: string
  schema: JsonSchema
  /**
   * False where the model takes the schema only as a hint (`best_effort` in data/models.json):
   * the chat vendors then get `strict: false`. Absent: strict.
   */
  strict?: false
}

export type ThinkingLevel = 'low' | 'medium' | 'high'

/** Either a named effort level or a token budget; adapters refuse the form their vendor lacks. */
export type Thinking = {level: ThinkingLevel} | {budget: number}

export interface CanonicalRequest {
  /** Unique within a batch; joins the vendor's answer back to the item. */
  custom_id: string
  system?: string
  /** One user message made of these parts, in this order. */
  parts: RequestPart[]
  max_tokens?: number
  schema?: OutputSchema
  thinking?: Thinking
  temperature?: number
}
