import {openAsBlob} from 'node:fs'
import {basename} from 'node:path'

import {expectStatus} from '../shared/http-failure.js'
import {incompleteAnswer} from '../shared/vendor-error.js'

/** Where and how to upload: the SDK client's base URL and key, and a retrying fetch. */
export interface UploadTarget {
  baseURL: string
  key: string
  fetch: typeof fetch
}

/**
 * Uploads a batch input file through Together's documented route, returning its file id:
 * multipart `POST /files/upload` with `purpose`, `file_name`, `file_type` and `file`, answered
 * 200 with the file object (docs.together.ai/reference/upload-file, from Together's OpenAPI spec).
 *
 * Not the SDK's `files.upload()`, which cannot work for bench (providers.md 11.1: from an ES
 * module it reaches `fs` through a `require` that does not exist; it ignores the client's base
 * URL). Nor the three-step flow that helper speaks (POST `/files` -> 302 -> PUT to a presigned
 * URL): the TypeScript SDK stops after the PUT, while both Python SDKs (together-python's
 * `UploadManager`, together-py's `lib/resources/files.py`) go on to the undocumented
 * `POST /files/{id}/preprocess`, so whether a file uploaded that way is ready without that call
 * is not settled. The documented route needs no such guess, and takes one request.
 */
export async function uploadBatchFile(path: string, target: UploadTarget): Promise<string> {
  const form = new FormData()
  form.set('purpose', 'batch-api')
  form.set('file_name', basename(path))
  form.set('file_type', 'jsonl')
  // A file-backed Blob streams from disk and, unlike a read stream, can be sent again on a retry.
  form.set('file', await openAsBlob(path), basename(path))
  const response = await expectStatus(
    await target.fetch(`${target.baseURL.replace(/\/+$/, '')}/files/upload`, {method: 'POST', headers: {Authorization: `Bearer ${target.key}`}, body: form}),
    [200, 201],
  )
  const file: unknown = await response.json().catch(() => undefined)
  const id = typeof file === 'object' && file !== null ? (file as {id?: unknown}).id : undefined
  if (typeof id !== 'string' || id === '') throw incompleteAnswer('Together', 'answered the upload without a file id')
  return id
}
