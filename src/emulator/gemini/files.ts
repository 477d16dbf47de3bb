import type {Engine, HandlerContext, Route} from '../shared/engine.js'
import type {StoredFile} from '../shared/files.js'
import {fileResource, type GeminiFileData} from './render.js'
import {EmulatorHttpError, empty, json, parseJsonBody, raw, type Reply} from '../shared/http.js'

/**
 * The Gemini Files API: the resumable upload protocol the SDK speaks (section 4.3 and 11.4 of
 * providers.md), file metadata, list, delete and the media download under both of its paths.
 */

const VERSION = '(?<version>v\\d+\\w*)'
/** Chunk size the server advertises; the SDK sends 8 MiB chunks anyway. */
const CHUNK_GRANULARITY = String(8 * 1024 * 1024)

/** An upload between its start and its final chunk. */
interface UploadSession {
  displayName?: string
  mimeType: string
  chunks: Buffer[]
  received: number
}

/** Each emulator (engine) has its own uploads in flight. */
const sessions = new WeakMap<Engine, Map<string, UploadSession>>()

export const geminiFileRoutes: Route[] = [
  {method: 'POST', path: new RegExp(`^/upload/${VERSION}/files$`), operation: 'files.upload', handle: upload},
  {method: 'GET', path: new RegExp(`^/${VERSION}/files/(?<id>[^/:]+):download$`), operation: 'files.download', handle: download},
  {method: 'GET', path: new RegExp(`^/download/${VERSION}/files/(?<id>[^/:]+):download$`), operation: 'files.download', handle: download},
  {method: 'GET', path: new RegExp(`^/${VERSION}/files/(?<id>[^/:]+)$`), operation: 'files.get', handle: (context) => json(fileResource(findFile(context), context.origin))},
  {method: 'DELETE', path: new RegExp(`^/${VERSION}/files/(?<id>[^/:]+)$`), operation: 'files.delete', handle: deleteFile},
  {method: 'GET', path: new RegExp(`^/${VERSION}/files$`), operation: 'files.list', handle: listFiles},
]

/** Start (`x-goog-upload-command: start`), then chunks (`upload`, the last `upload, finalize`). */
function upload(context: HandlerContext): Reply {
  const command = String(context.headers['x-goog-upload-command'] ?? '').toLowerCase()
  if (command === 'start') return startUpload(context)
  if (command.split(',').some((word) => word.trim() === 'upload')) return uploadChunk(context, command.includes('finalize'))
  throw new EmulatorHttpError(400, 'invalid_request_error', 'Only the resumable upload protocol is supported: send x-goog-upload-protocol: resumable with x-goog-upload-command: start.')
}

function startUpload(context: HandlerContext): Reply {
  const body = context.body.length === 0 ? {} : parseJsonBody(context.body)
  const file = (body as {file?: {displayName?: unknown; mimeType?: unknown}}).file ?? {}
  const declaredType = context.headers['x-goog-upload-header-content-type']
  const mimeType = typeof file.mimeType === 'string' ? file.mimeType : typeof declaredType === 'string' ? declaredType : 'application/octet-stream'
  const uploadId = context.engine.newId('upload-', 'base62')
  const session: UploadSession = {mimeType: normalizeMime(mimeType), chunks: [], received: 0}
  if (typeof file.displayName === 'string') session.displayName = file.displayName
  uploadsOf(context.engine).set(uploadId, session)
  return empty(200, {
    'x-goog-upload-url': `${context.origin}/upload/${context.params.version}/files?upload_id=${uploadId}&upload_protocol=resumable`,
    'x-goog-upload-status': 'active',
    'x-goog-upload-chunk-granularity': CHUNK_GRANULARITY,
    'content-type': 'application/json',
  })
}

/** Appends one chunk. The body is raw bytes although the SDK labels it application/json. */
function uploadChunk(context: HandlerContext, finalize: boolean): Reply {
  const uploadId = context.query.get('upload_id') ?? ''
  const session = uploadsOf(context.engine).get(uploadId)
  if (session === undefined) throw new EmulatorHttpError(404, 'not_found', `No upload in progress with upload_id ${uploadId}; start a new resumable upload.`)
  const offset = Number(context.headers['x-goog-upload-offset'] ?? session.received)
  if (offset !== session.received) {
    throw new EmulatorHttpError(400, 'invalid_request_error', `x-goog-upload-offset ${offset} does not match the ${session.received} bytes received so far.`)
  }
  session.chunks.push(context.body)
  session.received += context.body.length
  if (session.received > context.engine.limits('gemini').maxBytes) {
    uploadsOf(context.engine).delete(uploadId)
    throw new EmulatorHttpError(400, 'invalid_request_error', `The file is ${session.received} bytes; files may be at most ${context.engine.limits('gemini').maxBytes}.`)
  }
  if (!finalize) return empty(200, {'x-goog-upload-status': 'active'})
  uploadsOf(context.engine).delete(uploadId)
  const vendor: GeminiFileData = {mimeType: session.mimeType, source: 'UPLOADED'}
  if (session.displayName !== undefined) vendor.displayName = session.displayName
  const createdAt = context.engine.now()
  const stored = context.engine.files.put<GeminiFileData>({
    id: context.engine.newId('', 'hex').slice(0, 12),
    provider: 'gemini',
    filename: session.displayName ?? 'upload',
    purpose: 'batch',
    createdAt,
    expiresAt: createdAt + FILE_LIFETIME_MS,
    content: Buffer.concat(session.chunks),
    vendor,
  })
  return json({file: fileResource(stored, context.origin)}, 200, {'x-goog-upload-status': 'final'})
}

function download(context: HandlerContext): Reply {
  if (context.query.get('alt') !== 'media') throw new EmulatorHttpError(400, 'invalid_request_error', 'Add ?alt=media to download the file contents.')
  return raw(findFile(context).content, 'application/octet-stream')
}

function deleteFile(context: HandlerContext): Reply {
  context.engine.files.delete('gemini', findFile(context).id)
  return json({})
}

function listFiles(context: HandlerContext): Reply {
  const files = context.engine.files.list<GeminiFileData>('gemini').filter((file) => file.vendor.source === 'UPLOADED')
  return json(files.length === 0 ? {} : {files: files.map((file) => fileResource(file, context.origin))})
}

function findFile(context: HandlerContext): StoredFile<GeminiFileData> {
  return existingFile(context.engine, context.params.id!)
}

/**
 * A stored file that has not expired. Anything else is the Files API's 403 PERMISSION_DENIED,
 * which it gives alike for a file that never was, was deleted or has expired (quoted in
 * google-gemini/deprecated-generative-ai-python#692 and langgenius/dify-plugin-daemon#192).
 */
export function existingFile(engine: Engine, id: string): StoredFile<GeminiFileData> {
  const file = engine.files.get<GeminiFileData>('gemini', id)
  if (file === undefined) throw new EmulatorHttpError(403, 'permission_denied', `You do not have permission to access the File ${id} or it may not exist.`)
  return file
}

/** Uploaded files live 48 hours (Gemini's Files API docs); how long batch results stay is not documented. */
export const FILE_LIFETIME_MS = 48 * 3600 * 1000

/** `jsonl`, the docs' own spelling, is stored as the MIME type the API reports. */
function normalizeMime(mimeType: string): string {
  return mimeType === 'jsonl' ? 'application/jsonl' : mimeType
}

function uploadsOf(engine: Engine): Map<string, UploadSession> {
  let uploads = sessions.get(engine)
  if (uploads === undefined) {
    uploads = new Map()
    sessions.set(engine, uploads)
  }
  return uploads
}
