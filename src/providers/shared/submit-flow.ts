import type {RemoteShard, SubmitContext, SubmitOutcome} from '../types.js'
import {checkpoint} from '../../core/batch/checkpoint.js'
import type {VendorBatchIdentity} from '../../core/batch/identity.js'

/**
 * How many of the newest batches to look through for one a crashed run created: it is among the
 * newest, and looking further back only costs list pages (OpenAI lists every batch ever made).
 */
export const ORPHAN_SEARCH_LIMIT = 500

/** A vendor batch, as the vendor describes it on create (or in a list). */
export interface CreatedBatch {
  batch_id: string
  /** The vendor's creation time, ISO 8601, when it gives one: checked on every later read (core/batch/identity.ts). */
  created_at?: string
}

/** The vendor-specific steps of a submission; `submitShard` orders them and records progress. */
export interface SubmitSteps {
  /** Uploads the shard and returns the file id; absent where requests go inline (Anthropic). */
  upload?: () => Promise<string>
  /**
   * Finds the batch a crashed run created from this file (by metadata, display name or input
   * file). Absent where the vendor offers no way to tell: then `orphanWarning` is returned.
   */
  findCreated?: (fileId: string | undefined) => Promise<CreatedBatch | undefined>
  create: (fileId: string | undefined) => Promise<CreatedBatch>
  orphanWarning?: string
}

/**
 * The crash-safe submission every vendor follows. The manifest learns the file id before the
 * batch is created and the batch id right after, so a re-run after a crash at any point neither
 * uploads twice (file id recorded) nor creates a second batch (batch id recorded, or found).
 */
export async function submitShard(context: SubmitContext, steps: SubmitSteps): Promise<SubmitOutcome> {
  if (context.remote.batch_id !== undefined) return {remote: context.remote, reused: true}
  let remote: RemoteShard = {...context.remote}
  const resumedWithFile = remote.file_id !== undefined
  if (steps.upload !== undefined && remote.file_id === undefined) {
    remote = {...remote, file_id: await steps.upload()}
    await context.record({file_id: remote.file_id})
    await checkpoint('start:uploaded')
  }
  // A freshly uploaded file cannot be in any batch yet: search only when resuming.
  if (resumedWithFile && steps.findCreated !== undefined) {
    const found = await steps.findCreated(remote.file_id)
    if (found !== undefined) {
      const recorded = withSubmittedAt(found)
      await context.record(recorded)
      return {remote: {...remote, ...recorded}, reused: true}
    }
  }
  const created = withSubmittedAt(await steps.create(remote.file_id))
  await context.record(created)
  await checkpoint('start:created')
  const outcome: SubmitOutcome = {remote: {...remote, ...created}, reused: false}
  if (steps.orphanWarning !== undefined) outcome.warning = steps.orphanWarning
  return outcome
}

/** What the record keeps of a created batch: the vendor's time, else this machine's. */
function withSubmittedAt(batch: CreatedBatch): RemoteShard {
  return {...batch, submitted_at: batch.created_at ?? new Date().toISOString()}
}

/** Unix seconds (OpenAI, Groq, Mistral) to ISO 8601. */
export function isoFromUnixSeconds(seconds: number | null | undefined): string | undefined {
  return typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000).toISOString() : undefined
}

/** The metadata bench puts on batches, where the vendor keeps metadata, to find them again. */
export function benchMetadata(context: Pick<SubmitContext, 'name' | 'shard'>): {bench_name: string; bench_shard: string} {
  return {bench_name: context.name, bench_shard: String(context.shard)}
}

/** Whether a listed batch's metadata is bench's for this shard. */
export function hasBenchMetadata(metadata: unknown, context: Pick<SubmitContext, 'name' | 'shard'>): boolean {
  const bench = benchMetadataOf(metadata)
  return bench?.name === context.name && bench.shard === String(context.shard)
}

/** bench's name and shard from a batch's metadata, where the vendor kept what `benchMetadata` set. */
export function benchMetadataOf(metadata: unknown): VendorBatchIdentity['bench'] {
  if (typeof metadata !== 'object' || metadata === null) return undefined
  const {bench_name: name, bench_shard: shard} = metadata as Record<string, unknown>
  return typeof name === 'string' && typeof shard === 'string' ? {name, shard} : undefined
}
