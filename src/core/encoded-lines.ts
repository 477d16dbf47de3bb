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
  /** The line's JSON text, in pieces written one after another (see serialize-line.ts). */
  pieces: readonly string[]
  /** Estimated input tokens of the request. */
  tokens: number
}

/**
 * Encodes serialized lines together, each written straight into one buffer. Not by joining them
 * first: a joined batch is a string of a few hundred KB, which V8 keeps in its large-object space
 * until a full collection, and 100,000 riddles made the peak ~50 MB higher that way.
 */
export function encodeLines(lines: readonly SerializedLine[]): EncodedLines {
  const ids: string[] = []
  const lineBytes = new Int32Array(lines.length)
  const tokens = new Float64Array(lines.length)
  let total = 0
  for (const [index, line] of lines.entries()) {
    ids.push(line.id)
    let length = 1
    for (const piece of line.pieces) length += Buffer.byteLength(piece)
    lineBytes[index] = length
    tokens[index] = line.tokens
    total += lineBytes[index]!
  }
  const bytes = Buffer.allocUnsafe(total)
  let offset = 0
  for (const line of lines) {
    for (const piece of line.pieces) offset += bytes.write(piece, offset)
    bytes[offset++] = 10
  }
  return {ids, bytes, lineBytes, tokens}
}
