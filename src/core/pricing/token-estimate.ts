import type {CanonicalRequest} from '../prepare/request.js'

/**
 * Input tokens of a request, estimated without the vendor's tokenizer (bench ships none): about
 * four characters a token for text, the common rule of thumb for English, and a flat count per
 * image or file. An estimate for a budget, not a bill: `bench results` reports the real counts.
 */
export const CHARACTERS_PER_TOKEN = 4
export const TOKENS_PER_IMAGE = 1_000

export function estimateInputTokens(request: CanonicalRequest): number {
  let characters = request.system?.length ?? 0
  let attachments = 0
  for (const part of request.parts) {
    if (part.type === 'text') characters += part.text.length
    else attachments += 1
  }
  // The strict output schema travels with every request and counts as input.
  if (request.schema !== undefined) characters += schemaLength(request.schema.schema)
  return Math.ceil(characters / CHARACTERS_PER_TOKEN) + attachments * TOKENS_PER_IMAGE
}

/** Every request of a batch shares one schema object: measure it once, not 100,000 times. */
const schemaLengths = new WeakMap<object, number>()

function schemaLength(schema: object): number {
  let length = schemaLengths.get(schema)
  if (length === undefined) {
    length = JSON.stringify(schema).length
    schemaLengths.set(schema, length)
  }
  return length
}
