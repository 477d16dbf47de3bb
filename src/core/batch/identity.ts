import type {BatchManifest} from './manifest.js'
import type {BatchStatus} from './status.js'
import {UserError} from '../errors.js'

/**
 * What a vendor's answer says about which batch it is: its id, when and from which file it was
 * created, and bench's own name for it where the vendor keeps one (metadata, a display name).
 */
export interface VendorBatchIdentity {
  id?: string
  /** ISO 8601, converted as on create (providers/shared/submit-flow.ts). */
  created_at?: string
  input_file?: string
  /** bench's batch name and shard index, as bench gave them at create. */
  bench?: {name: string; shard: string}
}

/**
 * What identifies a batch in a vendor's answer, keeping only the fields of the expected type: the
 * answer comes from outside, and a field it lacks is one the check passes over.
 */
export function vendorIdentity(fields: {id?: unknown; created_at?: unknown; input_file?: unknown; bench?: VendorBatchIdentity['bench']}): VendorBatchIdentity {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)
  return {id: text(fields.id), created_at: text(fields.created_at), input_file: text(fields.input_file), ...(fields.bench !== undefined && {bench: fields.bench})}
}

/**
 * Refuses a status that is not of the batch bench created for this shard: vendors (and a restarted
 * emulator) can give a new batch the id of an old one, and reading it as the old one mixes two
 * batches' answers. The record's id, input file and creation time, and bench's own name where the
 * vendor keeps it, must all match what the vendor says now. Costs a few string comparisons.
 */
export function checkIdentity(manifest: BatchManifest, shard: number, status: BatchStatus): void {
  const seen = status.batch
  const recorded = manifest.shards[shard]?.remote
  if (seen === undefined || recorded === undefined) return
  const ours = {id: recorded.batch_id, created_at: recorded.created_at, input_file: recorded.file_id, bench: {name: manifest.name, shard: String(shard)}}
  const differs = {
    id: seen.id !== undefined && seen.id !== ours.id,
    created_at: seen.created_at !== undefined && ours.created_at !== undefined && !sameInstant(seen.created_at, ours.created_at),
    input_file: seen.input_file !== undefined && ours.input_file !== undefined && seen.input_file !== ours.input_file,
    bench: seen.bench !== undefined && (seen.bench.name !== ours.bench.name || seen.bench.shard !== ours.bench.shard),
  }
  if (!Object.values(differs).some(Boolean)) return
  const which = manifest.shards.length > 1 ? ` shard ${shard + 1}` : ''
  throw new UserError(
    `batch "${manifest.name}"${which} is not the vendor's batch ${seen.id ?? ours.id}: bench created ${describe(ours, differs)}, the vendor's ${describe(seen, differs)}; ` +
      'ids repeat when an emulator restarts, and another account has other batches. Nothing was written: check the base URL and the key, or prepare and start the batch again',
  )
}

/** The fields that differ, in words: `batch_1 at 2026-11-25T10:00:00.000Z from file-a named x#0`. */
function describe(identity: VendorBatchIdentity, differs: Record<keyof VendorBatchIdentity, boolean>): string {
  return [
    identity.id,
    differs.created_at ? `at ${identity.created_at}` : undefined,
    differs.input_file ? `from ${identity.input_file}` : undefined,
    differs.bench ? `named ${identity.bench?.name}#${identity.bench?.shard}` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' ')
}

/** The same time, whatever the precision each side was written with. */
function sameInstant(a: string, b: string): boolean {
  if (a === b) return true
  const [first, second] = [Date.parse(a), Date.parse(b)]
  return !Number.isNaN(first) && first === second
}
