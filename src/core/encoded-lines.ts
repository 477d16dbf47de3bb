/**
 * JSONL lines as UTF-8 bytes, with the length of each: how request lines go to the shard files.
 * One encoding per batch of lines, not one per line, and the shard writer cuts the bytes where a
 * vendor limit falls without decoding or re-encoding them.
 */
export interface EncodedLines {
  /** The id of each line's request: written to the ids file, named in errors. */
  ids: string[]
  /** Every line, each ending in a newline. */
  bytes: Uint8Array
  /** Each line's length in bytes, newline included. */
  lineBytes: Int32Array
  /** Estimated input tokens of each line's request. */
  tokens: Float64Array
}

/** One request line, serialized (JSON.stringify leaves no newline in it), before encoding. */
export interface SerializedLine {
  id: string
  json: string
  /** Estimated input tokens of the request. */
  tokens: number
}

/** Encodes serialized lines together. */
export function encodeLines(lines: readonly SerializedLine[]): EncodedLines {
  const text = lines.map((line) => line.json).join('\n') + '\n'
  const bytes = Buffer.from(text)
  // All ASCII (as many datasets are) when no character took more than a byte: lengths are free then.
  const ascii = bytes.length === text.length
  const ids: string[] = []
  const lineBytes = new Int32Array(lines.length)
  const tokens = new Float64Array(lines.length)
  for (const [index, line] of lines.entries()) {
    ids.push(line.id)
    lineBytes[index] = (ascii ? line.json.length : Buffer.byteLength(line.json)) + 1
    tokens[index] = line.tokens
  }
  return {ids, bytes, lineBytes, tokens}
}
