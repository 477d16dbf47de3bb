import {mkdir, mkdtemp, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {readAttachment} from '../../src/core/scenario/attachments.js'

let folder: string
let scenario: string
beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'bench-attachments-'))
  folder = join(root, 'scenario')
  scenario = join(folder, 'scenario.json')
  await mkdir(join(folder, 'folder.txt'), {recursive: true})
  await writeFile(join(root, 'secret.txt'), 'outside')
  await symlink(join(root, 'secret.txt'), join(folder, 'link.txt'))
  await writeFile(join(folder, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]))
  await writeFile(join(folder, 'photo.png'), '%PDF-1.4 not an image')
  await writeFile(join(folder, 'lease.pdf'), '%PDF-1.4 lease')
  await writeFile(join(folder, 'notes.md'), '# Notes')
})

describe('readAttachment refuses an attachment bench cannot send, naming it', () => {
  it.each<[string, string, string]>([
    ['a type bench cannot send', 'archive.zip', 'attachment "archive.zip" has a type bench cannot send (.zip): use an image (png, jpeg, gif, webp), a PDF, or a text file'],
    ['a file without an extension', 'README', 'attachment "README" has a type bench cannot send (no extension)'],
    ["the scenario's folder itself", '.', 'attachment "." is outside the scenario\'s folder'],
    ['a link to a file outside the folder', 'link.txt', 'attachment "link.txt" links outside the scenario\'s folder'],
    ['a missing file', 'gone.txt', 'attachment "gone.txt" does not exist (looked for '],
    ['a folder', 'folder.txt', 'attachment "folder.txt" is a folder: name a file'],
    ['text that is not UTF-8', 'latin1.txt', 'attachment "latin1.txt" is not UTF-8 text: convert it, or send it as a PDF'],
    ['a PDF named as a PNG', 'photo.png', 'attachment "photo.png" is not a valid image/png file, though its name says so: fix its extension'],
  ])('%s', async (_, path, message) => {
    await expect(readAttachment(scenario, path)).rejects.toThrow(message)
  })
})

describe('readAttachment reads', () => {
  it('a PDF as a file part, a text file inlined under its name', async () => {
    expect(await readAttachment(scenario, 'lease.pdf')).toEqual({type: 'file', mime: 'application/pdf', name: 'lease.pdf', data: Buffer.from('%PDF-1.4 lease').toString('base64')})
    expect(await readAttachment(scenario, 'notes.md')).toEqual({type: 'text', text: 'Attached file notes.md:\n# Notes'})
  })
})
