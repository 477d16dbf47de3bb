import type {HandlerContext, Route} from '../shared/engine.js'
import type {StoredFile} from '../shared/files.js'
import {EmulatorHttpError, json, parseForm, raw, type Reply} from '../shared/http.js'
import {fileObject, type MistralFileData} from './render.js'

/** Mistral's Files API as the batch flow uses it: multipart upload, metadata, list, delete, download. */

const PURPOSES = ['fine-tune', 'batch', 'ocr']

export const mistralFileRoutes: Route[] = [
  {method: 'POST', path: '/v1/files', operation: 'files.upload', handle: uploadFile},
  {method: 'GET', path: '/v1/files', operation: 'files.list', handle: listFiles},
  {method: 'GET', path: '/v1/files/{id}', operation: 'files.retrieve', handle: (context) => json({...fileObject(findFile(context)), deleted: false})},
  {method: 'DELETE', path: '/v1/files/{id}', operation: 'files.delete', handle: deleteFile},
  // The SDK accepts only application/octet-stream here (or no type); JSON types make it throw.
  {method: 'GET', path: '/v1/files/{id}/content', operation: 'files.download', handle: (context) => raw(findFile(context).content, 'application/octet-stream')},
]

async function uploadFile(context: HandlerContext): Promise<Reply> {
  const form = await parseForm(context.body, context.headers['content-type'])
  const file = form.get('file')
  if (!(file instanceof File)) throw new EmulatorHttpError(422, 'invalid_request_error', 'file: Field required; send the file as the multipart field "file".')
  const purpose = form.get('purpose') ?? 'fine-tune'
  if (typeof purpose !== 'string' || !PURPOSES.includes(purpose)) {
    throw new EmulatorHttpError(422, 'invalid_request_error', `purpose: Input should be ${PURPOSES.map((name) => `'${name}'`).join(', ')}.`)
  }
  const visibility = form.get('visibility')
  const stored = context.engine.files.put<MistralFileData>({
    id: context.engine.newId('', 'uuid'),
    provider: 'mistral',
    filename: file.name,
    purpose,
    createdAt: context.engine.now(),
    content: Buffer.from(await file.arrayBuffer()),
    vendor: {sampleType: purpose === 'batch' ? 'batch_request' : 'instruct', source: 'upload', visibility: typeof visibility === 'string' ? visibility : 'workspace'},
  })
  return json(fileObject(stored))
}

/** `page` / `page_size`, oldest first, with the total. */
function listFiles(context: HandlerContext): Reply {
  const files = context.engine.files.list<MistralFileData>('mistral')
  const page = Number(context.query.get('page') ?? 0)
  const size = Number(context.query.get('page_size') ?? 100)
  return json({data: files.slice(page * size, (page + 1) * size).map(fileObject), object: 'list', total: files.length})
}

function deleteFile(context: HandlerContext): Reply {
  const file = findFile(context)
  context.engine.files.delete('mistral', file.id)
  return json({id: file.id, object: 'file', deleted: true})
}

export function findFile(context: HandlerContext): StoredFile<MistralFileData> {
  return existingFile(context, context.params.id!)
}

/** The stored file, or the 404 Mistral answers for an unknown id. */
export function existingFile(context: HandlerContext, id: string): StoredFile<MistralFileData> {
  const file = context.engine.files.get<MistralFileData>('mistral', id)
  if (file === undefined) throw new EmulatorHttpError(404, 'not_found', `File ${id} not found.`)
  return file
}
