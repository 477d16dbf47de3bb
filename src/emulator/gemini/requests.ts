import {EmulatorHttpError} from '../shared/http.js'
import {invalidLine, type LineProblem} from '../shared/line-problems.js'
import type {LineRequest} from '../shared/responder.js'

/**
 * Reading Gemini batch input, inline (`inputConfig.requests.requests[]`) or from an uploaded
 * JSONL file (`{key, request}` lines). A malformed row rejects the create call with 400
 * INVALID_ARGUMENT; a request the model cannot run (no `contents`) becomes an error line later.
 * The REST API takes both camelCase and snake_case field names, so both are read.
 */

type Json = Record<string, unknown>

/** One request of a Gemini batch, read. */
export interface GeminiLine {
  request: LineRequest
  /** The file line's `key`, echoed in its output line. */
  key?: string
  /** The inline request's `metadata`, echoed in its inlined response. */
  metadata?: Json
  /** True when `generationConfig.thinkingConfig` turns thinking on. */
  thinking: boolean
  problem?: LineProblem
}

/** Where the create body says the requests are. */
export type GeminiSource = {fileName: string} | {inline: unknown[]}

/** Reads `{batch: {displayName, inputConfig}}`; throws the 400 for a body without a usable source. */
export function readCreateBody(body: unknown): {displayName?: string; source: GeminiSource} {
  const outer = isObject(body) ? body : {}
  const batch = isObject(outer.batch) ? outer.batch : outer
  const inputConfig = field(batch, 'inputConfig', 'input_config')
  if (!isObject(inputConfig)) throw invalid('batch.input_config is required.')
  const displayName = field(batch, 'displayName', 'display_name')
  const named = typeof displayName === 'string' ? {displayName} : {}
  const fileName = field(inputConfig, 'fileName', 'file_name')
  const requests = inputConfig.requests
  if (typeof fileName === 'string' && requests === undefined) return {...named, source: {fileName}}
  if (fileName === undefined && isObject(requests) && Array.isArray(requests.requests)) return {...named, source: {inline: requests.requests}}
  throw invalid('batch.input_config must set exactly one of file_name or requests.')
}

/** The inline requests (`{request, metadata}` items). */
export function readInlineRequests(items: unknown[], batchModel: string): GeminiLine[] {
  if (items.length === 0) throw invalid('batch.input_config.requests.requests must not be empty.')
  return items.map((item, index) => {
    if (!isObject(item) || !isObject(item.request)) throw invalid(`batch.input_config.requests.requests[${index}].request is required.`)
    const metadata = isObject(item.metadata) ? item.metadata : undefined
    const key = typeof metadata?.key === 'string' ? metadata.key : undefined
    const line = readRequest(key ?? String(index + 1), item.request, batchModel)
    return metadata === undefined ? line : {...line, metadata}
  })
}

/** The lines of an uploaded JSONL file (`{key, request}`), blank lines skipped. */
export function readInputFile(content: Buffer, fileName: string, batchModel: string): GeminiLine[] {
  const lines: GeminiLine[] = []
  for (const [index, text] of content.toString('utf8').split('\n').entries()) {
    if (text.trim() === '') continue
    let row: unknown
    try {
      row = JSON.parse(text)
    } catch {
      throw invalid(`Invalid JSON payload in line ${index + 1} of ${fileName}.`)
    }
    if (!isObject(row) || !isObject(row.request)) throw invalid(`Line ${index + 1} of ${fileName} has no "request" object.`)
    const key = typeof row.key === 'string' ? row.key : undefined
    const line = readRequest(key ?? String(lines.length + 1), row.request, batchModel)
    lines.push(key === undefined ? line : {...line, key})
  }
  if (lines.length === 0) throw invalid(`${fileName} contains no requests.`)
  return lines
}

function readRequest(customId: string, body: Json, batchModel: string): GeminiLine {
  const model = typeof body.model === 'string' ? body.model.replace(/^models\//, '') : batchModel
  const request: LineRequest = {custom_id: customId, model, texts: [], imageCount: 0}
  const system = partTexts(field(body, 'systemInstruction', 'system_instruction'))
  if (system.length > 0) request.system = system.join('\n')
  const contents = body.contents
  for (const content of Array.isArray(contents) ? contents : []) {
    if (!isObject(content) || (content.role !== undefined && content.role !== 'user')) continue
    request.texts.push(...partTexts(content))
    request.imageCount += imageParts(content)
  }
  const config = field(body, 'generationConfig', 'generation_config')
  const generation = isObject(config) ? config : {}
  const schema = field(generation, 'responseJsonSchema', 'response_json_schema') ?? field(generation, 'responseSchema', 'response_schema')
  if (isObject(schema)) request.schema = schema
  const line: GeminiLine = {request, thinking: thinkingOn(field(generation, 'thinkingConfig', 'thinking_config'))}
  if (!Array.isArray(contents) || contents.length === 0) line.problem = invalidLine('* GenerateContentRequest.contents: contents is not specified')
  return line
}

/** Thinking is on when a thinking config asks for a level or a non-zero budget. */
function thinkingOn(config: unknown): boolean {
  if (!isObject(config)) return false
  const budget = field(config, 'thinkingBudget', 'thinking_budget')
  const level = field(config, 'thinkingLevel', 'thinking_level')
  return (typeof budget === 'number' && budget !== 0) || typeof level === 'string' || field(config, 'includeThoughts', 'include_thoughts') === true
}

/** Texts of a Content's parts, leaving out parts marked `thought`. */
function partTexts(content: unknown): string[] {
  if (!isObject(content) || !Array.isArray(content.parts)) return []
  return content.parts.filter((part): part is Json => isObject(part) && typeof part.text === 'string' && part.thought !== true).map((part) => part.text as string)
}

function imageParts(content: Json): number {
  const parts = Array.isArray(content.parts) ? content.parts : []
  return parts.filter((part) => {
    if (!isObject(part)) return false
    const data = field(part, 'inlineData', 'inline_data') ?? field(part, 'fileData', 'file_data')
    const mime = isObject(data) ? field(data, 'mimeType', 'mime_type') : undefined
    return typeof mime === 'string' && mime.startsWith('image/')
  }).length
}

/** A field under its camelCase or its snake_case name. */
function field(object: Json, camel: string, snake: string): unknown {
  return object[camel] ?? object[snake]
}

function invalid(message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, 'invalid_request_error', message)
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
