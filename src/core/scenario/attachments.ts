import {readFile, realpath} from 'node:fs/promises'
import {basename, dirname, extname, isAbsolute, relative, resolve} from 'node:path'

import {UserError} from '../errors.js'
import type {RequestPart} from '../prepare/request.js'

const IMAGE_TYPES: Readonly<Record<string, string>> = {'.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp'}

const TEXT_EXTENSIONS: ReadonlySet<string> = new Set(['.txt', '.md', '.csv', '.tsv', '.json', '.jsonl', '.yaml', '.yml', '.xml', '.html', '.log'])

/** The first bytes each binary type starts with: a misnamed file is caught here, not by the vendor a day later. */
const SIGNATURES: Readonly<Record<string, readonly number[]>> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/gif': [0x47, 0x49, 0x46],
  'image/webp': [0x52, 0x49, 0x46, 0x46],
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
}

/**
 * One attachment as a request part: an image part, a PDF file part, or a text file inlined as a
 * text part. `path` is relative to the scenario's folder and may not leave it (symbolic links
 * included). Errors are one line naming the file; the caller adds the task.
 */
export async function readAttachment(scenarioFile: string, path: string): Promise<RequestPart> {
  const folder = dirname(scenarioFile)
  const full = resolve(folder, path)
  if (escapes(folder, full)) throw new UserError(`attachment "${path}" is outside the scenario's folder ${folder}: move it inside`)
  const extension = extname(full).toLowerCase()
  const mime = IMAGE_TYPES[extension] ?? (extension === '.pdf' ? 'application/pdf' : undefined)
  if (mime === undefined && !TEXT_EXTENSIONS.has(extension)) {
    throw new UserError(`attachment "${path}" has a type bench cannot send (${extension || 'no extension'}): use an image (png, jpeg, gif, webp), a PDF, or a text file (${[...TEXT_EXTENSIONS].join(' ')})`)
  }
  const bytes = await readInside(folder, full, path)
  if (mime === undefined) return {type: 'text', text: `Attached file ${basename(full)}:\n${utf8(bytes, path)}`}
  const signature = SIGNATURES[mime]!
  if (!signature.every((byte, index) => bytes[index] === byte)) throw new UserError(`attachment "${path}" is not a valid ${mime} file, though its name says so: fix its extension`)
  const data = bytes.toString('base64')
  return mime === 'application/pdf' ? {type: 'file', mime, name: basename(full), data} : {type: 'image', mime, data}
}

function escapes(folder: string, full: string): boolean {
  const path = relative(folder, full)
  return path === '' || path.startsWith('..') || isAbsolute(path)
}

/** Reads the file after checking that its real path (links followed) is still inside the folder. */
async function readInside(folder: string, full: string, path: string): Promise<Buffer> {
  try {
    const [realFolder, realFile] = await Promise.all([realpath(folder), realpath(full)])
    if (escapes(realFolder, realFile)) throw new UserError(`attachment "${path}" links outside the scenario's folder ${folder}: copy the file inside`)
    return await readFile(realFile)
  } catch (error) {
    if (error instanceof UserError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new UserError(`attachment "${path}" does not exist (looked for ${full})`)
    if (code === 'EISDIR') throw new UserError(`attachment "${path}" is a folder: name a file`)
    throw new UserError(`attachment "${path}" cannot be read (${code ?? (error as Error).message}): check its permissions`)
  }
}

function utf8(bytes: Buffer, path: string): string {
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch {
    throw new UserError(`attachment "${path}" is not UTF-8 text: convert it, or send it as a PDF`)
  }
}
