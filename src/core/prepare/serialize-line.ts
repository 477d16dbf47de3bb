import {isCanonicalBase64} from './base64.js'
import type {CanonicalRequest, FilePart, ImagePart, RequestPart} from './request.js'
import {estimateInputTokens} from '../pricing/token-estimate.js'
import type {LineFormat} from '../../providers/types.js'

/** One request line, serialized (JSON.stringify leaves no newline in it), ready for the shard writer. */
export interface SerializedLine {
  id: string
  /** The line's JSON text, in pieces written one after another. */
  pieces: readonly string[]
  /** Estimated input tokens of the request. */
  tokens: number
}

/** Pictures and files smaller than this are stringified with the rest of the line: splicing them saves nothing. */
const SPLICE_FROM_CHARACTERS = 1024

/**
 * One request as its line in the vendor's format, in pieces that make the line when written one
 * after another.
 *
 * Pictures and files are spliced in rather than stringified. Base64 needs no escaping in a JSON
 * string, but JSON.stringify still scans it at about 0.5 GB/s, and on image riddles that was
 * two thirds of the time spent serializing. The line is stringified with a marker in place of
 * each payload, then cut at the markers. A marker is spelled with control characters, which
 * JSON.stringify escapes, so no riddle is likely to hold one; a line where a marker is not found
 * exactly once, in order, is stringified whole instead.
 */
export function serializeRequest(request: CanonicalRequest, format: LineFormat, model: string): SerializedLine {
  const line = {id: request.custom_id, tokens: estimateInputTokens(request)}
  const whole = (): SerializedLine => ({...line, pieces: [JSON.stringify(format.toLine(request, model))]})
  const payloads = request.parts.filter((part): part is ImagePart | FilePart => part.type !== 'text' && isSpliceable(part.data))
  if (payloads.length === 0) return whole()

  const marked = {...request, parts: request.parts.map((part) => markedPart(part, payloads))}
  const json = JSON.stringify(format.toLine(marked, model))
  const pieces: string[] = []
  let from = 0
  for (const [index, payload] of payloads.entries()) {
    const markerJson = JSON.stringify(marker(index)).slice(1, -1)
    const at = json.indexOf(markerJson)
    if (at < from || json.includes(markerJson, at + markerJson.length)) return whole()
    pieces.push(json.slice(from, at), payload.data)
    from = at + markerJson.length
  }
  pieces.push(json.slice(from))
  return {...line, pieces}
}

/** Big enough to be worth it, and base64, so that it needs no escaping (checked, not assumed: 3 ms per 25 MB). */
function isSpliceable(data: string): boolean {
  return data.length >= SPLICE_FROM_CHARACTERS && isCanonicalBase64(data)
}

/** The part with a marker for its data when it is one of the payloads spliced in, else the part itself. */
function markedPart(part: RequestPart, payloads: readonly (ImagePart | FilePart)[]): RequestPart {
  if (part.type === 'text') return part
  const index = payloads.indexOf(part)
  return index === -1 ? part : {...part, data: marker(index)}
}

/** Stands in for the `index`th spliced payload while the line is stringified. */
function marker(index: number): string {
  return `\u0000bench-payload-${index}\u0000`
}
