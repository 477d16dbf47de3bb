import type {JsonSchema} from '../../core/prepare/request.js'

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet']

/**
 * A value that satisfies a JSON schema, drawn from `random`: every declared property (so every
 * required key) and nothing else, enums and consts honoured, bounds respected. Handles the
 * subset the vendors' structured outputs accept, including Gemini's UPPERCASE types, `$ref` to
 * `$defs`/`definitions`, `anyOf`/`oneOf` and nullable type lists.
 */
export function sampleFromSchema(schema: JsonSchema, random: () => number): unknown {
  return sample(schema, schema, random, 0)
}

function sample(schema: JsonSchema, root: JsonSchema, random: () => number, depth: number): unknown {
  const resolved = resolveReference(schema, root)
  if ('const' in resolved) return resolved.const
  if (Array.isArray(resolved.enum) && resolved.enum.length > 0) return resolved.enum[Math.floor(random() * resolved.enum.length)]
  const alternatives = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined
  if (Array.isArray(alternatives) && alternatives.length > 0) return sample(alternatives[0]!, root, random, depth)
  if (Array.isArray(resolved.allOf)) return sample((resolved.allOf as JsonSchema[]).reduce<JsonSchema>((merged, part) => ({...merged, ...part}), {}), root, random, depth)
  switch (typeOf(resolved)) {
    case 'object':
      return sampleObject(resolved, root, random, depth)
    case 'array':
      return sampleArray(resolved, root, random, depth)
    case 'string':
      return sampleString(resolved, random)
    case 'integer':
      return Math.round(sampleNumber(resolved, random))
    case 'number':
      return Math.round(sampleNumber(resolved, random) * 100) / 100
    case 'boolean':
      return random() < 0.5
    case 'null':
      return null
    default:
      return sampleString({}, random)
  }
}

function resolveReference(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const reference = schema.$ref
  if (typeof reference !== 'string' || !reference.startsWith('#')) return schema
  let target: unknown = root
  for (const segment of reference.slice(2).split('/').filter(Boolean)) {
    target = (target as Record<string, unknown> | undefined)?.[segment]
  }
  return typeof target === 'object' && target !== null ? (target as JsonSchema) : {}
}

/** The schema's type, lower-cased; the first non-null one of a type list; guessed from its keys. */
function typeOf(schema: JsonSchema): string | undefined {
  const declared = schema.type
  const types = (Array.isArray(declared) ? declared : [declared]).filter((type): type is string => typeof type === 'string')
  const chosen = types.map((type) => type.toLowerCase()).find((type) => type !== 'null') ?? types[0]?.toLowerCase()
  if (chosen !== undefined) return chosen
  if (typeof schema.properties === 'object') return 'object'
  if (schema.items !== undefined) return 'array'
  return undefined
}

function sampleObject(schema: JsonSchema, root: JsonSchema, random: () => number, depth: number): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>
  const result: Record<string, unknown> = {}
  for (const [key, property] of Object.entries(properties)) result[key] = sample(property, root, random, depth + 1)
  return result
}

function sampleArray(schema: JsonSchema, root: JsonSchema, random: () => number, depth: number): unknown[] {
  const items = (schema.items ?? {}) as JsonSchema
  const minimum = numberOr(schema.minItems, 1)
  const maximum = Math.max(minimum, numberOr(schema.maxItems, depth > 3 ? minimum : 3))
  const length = minimum + Math.floor(random() * (maximum - minimum + 1))
  return Array.from({length}, () => sample(items, root, random, depth + 1))
}

function sampleString(schema: JsonSchema, random: () => number): string {
  const format = schema.format
  if (format === 'date-time') return new Date(Date.UTC(2025, 0, 1 + Math.floor(random() * 365))).toISOString()
  if (format === 'date') return new Date(Date.UTC(2025, 0, 1 + Math.floor(random() * 365))).toISOString().slice(0, 10)
  let text = `${WORDS[Math.floor(random() * WORDS.length)]} ${WORDS[Math.floor(random() * WORDS.length)]}`
  const minimum = numberOr(schema.minLength, 0)
  while (text.length < minimum) text += ' ' + WORDS[Math.floor(random() * WORDS.length)]
  const maximum = numberOr(schema.maxLength, Number.POSITIVE_INFINITY)
  return text.slice(0, maximum)
}

function sampleNumber(schema: JsonSchema, random: () => number): number {
  const low = numberOr(schema.minimum, numberOr(schema.exclusiveMinimum, -1) + 1)
  const high = Math.max(low, numberOr(schema.maximum, numberOr(schema.exclusiveMaximum, low + 101) - 1))
  return low + random() * (high - low)
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback
}
