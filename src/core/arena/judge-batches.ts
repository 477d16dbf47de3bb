import {findManifest, type BatchManifest} from '../batch/manifest.js'
import {sanitizeModel} from '../batch/naming.js'
import {startBatches, type StartOutcome} from '../batch/start.js'
import {UserError} from '../errors.js'
import {readJudgePool, type Judge} from '../jury/panel.js'
import type {CanonicalRequest} from '../prepare/request.js'
import {oneAtATime, stageBatch, type StagedBatch} from '../prepare/stage-batch.js'
import {arenaItems, arenaRecordPath, itemConversation, readArena, writeArena, type ArenaItem, type ArenaRecord} from './arena-record.js'
import {ORDERS, buildPairwiseRequest} from './judge-prompt.js'

export interface ArenaJudgeOptions {
  arena: string
  /** A judges file replacing bench's `data/judges.json`. */
  judgesFile?: string
  /** Let judges rate their own vendor's models too. */
  selfJudging?: boolean
}

export interface ArenaJudgeBatch {
  judge: Judge
  manifest: BatchManifest
  /** False when an earlier run had already submitted it: it was left as it was. */
  written: boolean
  items: number
  /** Items left out because a model of the pair is the judge's vendor's. */
  own_vendor_items: number
}

export interface ArenaJudgeOutcome {
  record: ArenaRecord
  judges_file: string
  batches: ArenaJudgeBatch[]
  /** Judges of the pool not on the panel (beyond its panel_size), or with nothing to judge. */
  sitting_out: {judge: Judge; reason: string}[]
}

/** `arena_<arena>_by_<judge vendor>_<judge model>`. */
export function arenaJudgeBatchName(arena: string, judge: Judge): string {
  return `arena_${arena}_by_${judge.provider}_${sanitizeModel(judge.model)}`
}

/**
 * One pairwise judge batch per judge of the panel (the pool's first `panel_size`, which must span
 * two vendors at least): every item of the arena in both orders, except the pairs holding a model
 * of the judge's own vendor, unless `selfJudging`. Written all or none; a batch already submitted
 * by an earlier run is kept. The arena record lists its judge batches for `bench arena ratings`.
 */
export async function prepareArenaJudges(options: ArenaJudgeOptions): Promise<ArenaJudgeOutcome> {
  const record = await readArena(options.arena)
  const pool = await readJudgePool(options.judgesFile)
  const panel = pool.judges.slice(0, pool.panel_size)
  const vendors = new Map(record.models.map((model) => [model.name, model.vendor]))
  const sittingOut: ArenaJudgeOutcome['sitting_out'] = pool.judges.slice(pool.panel_size).map((judge) => ({judge, reason: 'panel full'}))
  const planned = panel.flatMap((judge) => {
    const items = arenaItems(record)
    const own = (item: ArenaItem): boolean => vendors.get(item.pair.model_a) === judge.provider || vendors.get(item.pair.model_b) === judge.provider
    const judged = options.selfJudging === true ? items : items.filter((item) => !own(item))
    if (judged.length === 0) {
      sittingOut.push({judge, reason: 'every pair has a model of its vendor'})
      return []
    }
    return [{judge, items: judged, ownVendorItems: items.length - judged.length}]
  })
  if (new Set(planned.map(({judge}) => judge.provider)).size < 2) {
    throw new UserError(
      `the arena's judges must come from two vendors at least, and ${planned.length === 0 ? 'none' : `only ${planned.map(({judge}) => judge.provider).join(', ')}`} can judge: add judges to ${pool.file} (--judges FILE) or raise its panel_size`,
    )
  }

  const staged: {index: number; batch: StagedBatch}[] = []
  const kept = new Map<number, BatchManifest>()
  try {
    for (const [index, {judge, items}] of planned.entries()) {
      const name = arenaJudgeBatchName(record.name, judge)
      const existing = await findManifest(name)
      if (existing !== undefined && existing.state !== 'prepared') {
        kept.set(index, existing)
        continue
      }
      const batch = await stageBatch(
        {
          name,
          kind: 'arena',
          provider: judge.provider,
          model: judge.model,
          dataset: {source: 'arena', path: arenaRecordPath(record.name), split: 'full'},
          hints: 0,
          settings: {max_tokens: judge.max_tokens, thinking: judge.thinking},
          arena: {name: record.name, file: arenaRecordPath(record.name)},
        },
        oneAtATime(pairwiseRequests(record, items, judge)),
      )
      staged.push({index, batch})
    }
  } catch (error) {
    await Promise.all(staged.map(({batch}) => batch.abort()))
    throw error
  }
  const committed = new Map<number, BatchManifest>()
  for (const {index, batch} of staged) committed.set(index, await batch.commit())

  const batches = planned.map(({judge, items, ownVendorItems}, index) => ({
    judge,
    manifest: (committed.get(index) ?? kept.get(index))!,
    written: committed.has(index),
    items: items.length,
    own_vendor_items: ownVendorItems,
  }))
  const listed = batches.map(({judge, manifest}) => ({batch: manifest.name, provider: judge.provider, model: judge.model}))
  const updated: ArenaRecord = {...record, judge_batches: [...record.judge_batches.filter((known) => !listed.some((batch) => batch.batch === known.batch)), ...listed]}
  await writeArena(updated)
  return {record: updated, judges_file: pool.file, batches, sitting_out: sittingOut}
}

/** Submits every judge batch not yet submitted (a re-run resumes), once every judge's key and host has been checked. */
export async function startArenaJudges(outcome: ArenaJudgeOutcome): Promise<StartOutcome[]> {
  return startBatches(outcome.batches.map((batch) => batch.manifest))
}

function* pairwiseRequests(record: ArenaRecord, items: readonly ArenaItem[], judge: Judge): Generator<CanonicalRequest> {
  for (const item of items) {
    const conversation = itemConversation(record, item)
    for (const order of ORDERS) {
      const shown = order === 'ab' ? {a: item.pair.model_a, b: item.pair.model_b} : {a: item.pair.model_b, b: item.pair.model_a}
      yield buildPairwiseRequest(`${item.id}-${order}`, conversation, shown, {maxTokens: judge.max_tokens, thinking: judge.thinking})
    }
  }
}
