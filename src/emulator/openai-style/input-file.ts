import type {ValidationProblem} from '../shared/batch.js'
import type {LineRequest} from '../shared/responder.js'

/** One parsed line of an uploaded batch file. */
export type InputLine = Record<string, unknown>

/** The vendor-specific part of validating a batch input file. */
export interface InputRules {
  /** A vendor check of one line before its body is read (OpenAI's `method` and `url`). */
  checkLine?(line: InputLine, lineNumber: number): ValidationProblem | undefined
  /** Turns a line whose `custom_id` and `body` are present into a request. */
  toRequest(line: InputLine & {custom_id: string; body: Record<string, unknown>}): LineRequest
  /** True when each body must name its model (all but Mistral, whose job names it). */
  requireModel: boolean
  /** The vendor's cap on requests in one batch. */
  maxRequests: number
  /** The vendor's cap on the input's bytes, where it checks them at create (Together, Mistral). */
  maxBytes?: number
}

/**
 * Validates an uploaded JSONL batch file the way the OpenAI-style vendors do, stopping at the
 * first bad line: invalid JSON, missing `custom_id` or `body`, duplicate `custom_id`, missing or
 * mixed models, one request too many, plus the vendor's own checks. Line numbers are 1-based.
 * The wording of the size problems is the emulator's own: no vendor documents it.
 */
export function readBatchInput(content: Buffer, rules: InputRules): {lines: LineRequest[]} | {problem: ValidationProblem} {
  if (rules.maxBytes !== undefined && content.length > rules.maxBytes) {
    return {problem: {code: 'invalid_request', message: `The input file is ${content.length} bytes; a batch takes at most ${rules.maxBytes}.`, param: null, line: null}}
  }
  const lines: LineRequest[] = []
  const seen = new Set<string>()
  const texts = content.toString('utf8').split('\n')
  for (const [index, text] of texts.entries()) {
    if (text.trim() === '') continue
    const lineNumber = index + 1
    const problem = (code: string, message: string, param: string | null = null): {problem: ValidationProblem} => ({
      problem: {code, message, param, line: lineNumber},
    })
    let line: unknown
    try {
      line = JSON.parse(text)
    } catch {
      return problem('invalid_json_line', 'This line is not parseable as valid JSON.')
    }
    if (typeof line !== 'object' || line === null || Array.isArray(line)) return problem('invalid_json_line', 'Each line must be a JSON object.')
    const record = line as InputLine
    if (typeof record.custom_id !== 'string' || record.custom_id === '') {
      return problem('missing_required_parameter', "Missing required parameter: 'custom_id'.", 'custom_id')
    }
    if (seen.has(record.custom_id)) {
      return problem(
        'duplicate_custom_id',
        `The custom_id '${record.custom_id}' is a duplicate of another request; custom_id must be unique for each request in a batch.`,
        'custom_id',
      )
    }
    seen.add(record.custom_id)
    const vendorProblem = rules.checkLine?.(record, lineNumber)
    if (vendorProblem !== undefined) return {problem: vendorProblem}
    if (typeof record.body !== 'object' || record.body === null || Array.isArray(record.body)) {
      return problem('missing_required_parameter', "Missing required parameter: 'body'.", 'body')
    }
    const body = record.body as Record<string, unknown>
    if (rules.requireModel && (typeof body.model !== 'string' || body.model === '')) {
      return problem('missing_required_parameter', "Missing required parameter: 'body.model'.", 'body.model')
    }
    if (body.stream === true) return problem('streaming_unsupported', 'Streaming is not supported in the Batch API.', 'body.stream')
    const request = rules.toRequest({...record, custom_id: record.custom_id, body})
    const first = lines[0]
    if (first !== undefined && request.model !== first.model) {
      return problem('mismatched_model', `The model '${request.model}' differs from '${first.model}' used by earlier lines; a batch may use only one model.`, 'body.model')
    }
    lines.push(request)
    if (lines.length > rules.maxRequests) {
      return problem('invalid_request', `The input file holds more than ${rules.maxRequests} requests, the most a batch may hold.`)
    }
  }
  if (lines.length === 0) return {problem: {code: 'empty_file', message: 'The input file contains no requests.', param: null, line: null}}
  return {lines}
}
