import type {RemoteShard, SubmitContext, SubmitOutcome} from '../types.js'
import {checkpoint} from '../../core/batch/checkpoint.js'

/**
 * How many of the newest batches to look through for one a crashed run created: it is among the
 * newest, and looking further back only costs list pages (OpenAI lists every batch ever made).
 */
export const ORPHAN_SEARCH_LIMIT = 500

/** A vendor batch, as `submit` records it. */
export interface CreatedBatch {
  batch_id: string
  /** ISO 8601. */
  submitted_at: string
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
    checkpoint('start:uploaded')
  }
  // A freshly uploaded file cannot be in any batch yet: search only when resuming.
  if (resumedWithFile && steps.findCreated !== undefined) {
    const found = await steps.findCreated(remote.file_id)
    if (found !== undefined) {
      await context.record(found)
      return {remote: {...remote, ...found}, reused: true}
    }
  }
  const created = await steps.create(remote.file_id)
  await context.record(created)
  checkpoint('start:created')
  const outcome: SubmitOutcome = {remote: {...remote, ...created}, reused: false}
  if (steps.orphanWarning !== undefined) outcome.warning = steps.orphanWarning
  return outcome
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
  if (typeof metadata !== 'object' || metadata === null) return false
  const record = metadata as Record<string, unknown>
  return record.bench_name === context.name && record.bench_shard === String(context.shard)
}
