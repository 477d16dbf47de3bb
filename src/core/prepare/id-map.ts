import {readFile, rm} from 'node:fs/promises'
import {join} from 'node:path'

import {writeFileAtomic} from '../atomic.js'
import {PROCESSED_DIR} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import type {BatchProvider} from '../../providers/names.js'

/**
 * `processed_files/<name>.id-map.json`, beside the ids file: for the requests whose id the vendor
 * would refuse (prepare/vendor-ids.ts), the id it got and the user's own id. Written only when an
 * id was mapped; `results` puts the user's ids back, and a batch without the file pays nothing.
 */
export interface IdMapFile {
  provider: BatchProvider
  /** Vendor id -> the user's id. */
  ids: Record<string, string>
}

/** Both directions of one batch's mapped ids; ids that were not mapped come back as they are. */
export interface IdMap {
  original(vendorId: string): string
  vendorId(original: string): string
}

export function idMapPath(name: string): string {
  return join(PROCESSED_DIR, `${name}.id-map.json`)
}

/** Writes the map at `path` when an id was mapped, and removes an earlier prepare's map otherwise; returns the file written. */
export async function writeIdMap(path: string, provider: BatchProvider, originals: ReadonlyMap<string, string>): Promise<string | undefined> {
  if (originals.size === 0) {
    await rm(path, {force: true})
    return undefined
  }
  const file: IdMapFile = {provider, ids: Object.fromEntries(originals)}
  await writeFileAtomic(path, JSON.stringify(file) + '\n')
  return path
}

/** Reads and checks a batch's map (undefined when the batch has none). */
export async function readIdMap(file: string | undefined): Promise<IdMap | undefined> {
  if (file === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new UserError(`cannot read the id map ${file} (${reason}): it turns the vendor's ids back into yours; restore it, or prepare the batch again`)
  }
  const ids = (value as Partial<IdMapFile> | null)?.ids
  if (typeof ids !== 'object' || ids === null || !Object.values(ids).every((id) => typeof id === 'string')) {
    throw new UserError(`id map ${file} is damaged ("ids" must map each vendor id to your id): restore it, or prepare the batch again`)
  }
  const toOriginal = new Map(Object.entries(ids))
  const toVendor = new Map([...toOriginal].map(([vendor, original]) => [original, vendor]))
  return {original: (vendorId) => toOriginal.get(vendorId) ?? vendorId, vendorId: (original) => toVendor.get(original) ?? original}
}
