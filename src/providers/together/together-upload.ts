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
 * Uploads a batch input file with Together's three-step flow, returning its file id.
 *
 * Done here rather than through `together-ai`'s `files.upload()` because that helper cannot
 * work for bench (providers.md 11.1): from an ES module it reaches `fs` through a `require` that
 * does not exist and then kills the process with an unhandled rejection; it ignores the client's
 * base URL; and its streamed PUT lacks `duplex`. The wire steps are small:
 * 1. POST `/files?file_name&file_type&purpose` -> 302 with `Location` and `x-together-file-id`;
 * 2. PUT the bytes to `Location` (no key: it is presigned) -> exactly 200.
 * The caller then confirms the file with the SDK's `files.retrieve`.
 */
export async function uploadBatchFile(path: string, target: UploadTarget): Promise<string> {
  const parameters = new URLSearchParams({file_name: basename(path), file_type: 'jsonl', purpose: 'batch-api'})
  const start = await expectStatus(
    await target.fetch(`${target.baseURL.replace(/\/+$/, '')}/files?${parameters.toString()}`, {
      method: 'POST',
      headers: {Authorization: `Bearer ${target.key}`, 'Content-Type': 'application/x-www-form-urlencoded'},
      body: parameters.toString(),
      redirect: 'manual',
    }),
    [302],
  )
  const location = start.headers.get('location')
  const fileId = start.headers.get('x-together-file-id')
  if (location === null || fileId === null) {
    throw incompleteAnswer('Together', 'answered the upload request without an upload location or file id')
  }
  // A file-backed Blob streams from disk and, unlike a read stream, can be sent again on a retry.
  const content = await openAsBlob(path)
  await expectStatus(
    await target.fetch(location, {
      method: 'PUT',
      headers: {'Content-Type': 'application/octet-stream', 'Content-Length': String(content.size)},
      body: content,
    }),
    [200],
  )
  return fileId
}
