import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** The first bytes of a JFIF file: all the validator looks at, and a few bytes of test data. */
export const TINY_JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]).toString('base64')

/** A valid riddle as a plain JSON object, with `changes` applied (tests break one field at a time). */
export function riddleRecord(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'T-1',
    category: 'Write Answer',
    description: 'How many legs do three cats have?',
    url: 'https://example.invalid/test/T-1',
    picarats: 20,
    first_hint: 'Count the legs of one cat.',
    second_hint: null,
    third_hint: null,
    special_hint: null,
    solution: 'Three cats with four legs each: 12.',
    answer: '12',
    justification: 'Each cat has four legs and 3 x 4 = 12.',
    split: 'llm',
    img: TINY_JPEG,
    ...changes,
  }
}

/** A JSONL text: objects are serialized, strings are taken as raw lines. */
export function jsonlText(lines: readonly unknown[]): string {
  return lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n'
}

export async function temporaryDirectory(): Promise<{path: string; remove: () => Promise<void>}> {
  const path = await mkdtemp(join(tmpdir(), 'bench-dataset-'))
  return {path, remove: () => rm(path, {recursive: true, force: true})}
}

export async function writeJsonl(directory: string, name: string, lines: readonly unknown[]): Promise<string> {
  const path = join(directory, name)
  await writeFile(path, jsonlText(lines))
  return path
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}
