/** A JSON object read out of a model's text, and whether reading it took any repair. */
export interface LenientObject {
  value: Record<string, unknown>
  repaired: boolean
}

/**
 * Reads a JSON object out of a model's text the way a person would: the text itself; else the
 * inside of a Markdown code fence; else the first `{...}` that parses, with prose around it; each
 * also with single-quoted strings read as double-quoted ones (a Python-style dict). Undefined
 * when no object can be recovered.
 */
export function parseLenientObject(text: string): LenientObject | undefined {
  const strict = parseObject(text)
  if (strict !== undefined) return {value: strict, repaired: false}
  for (const candidate of [...fencedBlocks(text), text]) {
    for (const span of braceSpans(candidate)) {
      const value = parseObject(span) ?? parseObject(doubleQuoted(span))
      if (value !== undefined) return {value, repaired: true}
    }
  }
  return undefined
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** The contents of ``` fences, in order, with or without a language tag. */
function fencedBlocks(text: string): string[] {
  return [...text.matchAll(/```[A-Za-z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/g)].map((match) => match[1]!)
}

/**
 * Each top-level balanced `{...}` of the text, first to last. Braces inside strings (either
 * quote) do not count, so a justification that mentions `}` does not cut the object short.
 */
function* braceSpans(text: string): Generator<string> {
  let start = text.indexOf('{')
  while (start !== -1) {
    const end = matchingBrace(text, start)
    if (end === undefined) return
    yield text.slice(start, end + 1)
    start = text.indexOf('{', end + 1)
  }
}

function matchingBrace(text: string, start: number): number | undefined {
  let depth = 0
  let quote: string | undefined
  for (let index = start; index < text.length; index += 1) {
    const character = text[index]!
    if (quote !== undefined) {
      if (character === '\\') index += 1
      else if (character === quote) quote = undefined
    } else if (character === '"' || character === "'") quote = character
    else if (character === '{') depth += 1
    else if (character === '}') {
      depth -= 1
      if (depth === 0) return index
    }
  }
  return undefined
}

/** Rewrites single-quoted strings as JSON strings; double-quoted ones are copied unchanged. */
function doubleQuoted(text: string): string {
  let output = ''
  let index = 0
  while (index < text.length) {
    const character = text[index]!
    if (character === '"' || character === "'") {
      let content = ''
      let cursor = index + 1
      while (cursor < text.length && text[cursor] !== character) {
        if (text[cursor] === '\\' && cursor + 1 < text.length) {
          content += text.slice(cursor, cursor + 2)
          cursor += 2
        } else {
          content += text[cursor]
          cursor += 1
        }
      }
      output += character === '"' ? `"${content}"` : `"${content.replace(/\\'/g, "'").replace(/(?<!\\)"/g, '\\"')}"`
      index = cursor + 1
    } else {
      output += character
      index += 1
    }
  }
  return output
}
