import {renderCard} from './card.js'
import {sendsToRow} from './destinations-row.js'
import type {StartOutcome} from '../core/batch/start.js'
import type {Destination} from '../core/destinations/destination.js'
import {RESULT_CODE_INFO} from '../core/results/result-codes.js'
import type {LeftRequests, RetryOutcome} from '../core/retry/retry.js'

/** What `bench retry NAME` reports; also its `--json` output. */
export interface RetryCard {
  root: string
  /** The retry batch; absent when nothing was left to retry. */
  name?: string
  attempt?: number
  resumed: boolean
  requests: number
  picked: RetryOutcome['picked']
  left: LeftRequests[]
  /** Set when `--max-tokens` raised the token limit of the truncated requests resubmitted. */
  raised?: RetryOutcome['raised']
  files: string[]
  /** Vendor batch ids, when `--start` submitted it. */
  submitted?: string[]
  /** With `--start`: each host the retry batch was sent to. */
  sends_to?: Destination[]
  next: string
}

export function toRetryCard(outcome: RetryOutcome, start?: StartOutcome): RetryCard {
  const batch = start?.manifest ?? outcome.batch
  return {
    root: outcome.root,
    ...(batch !== undefined && {name: batch.name, attempt: batch.retry_of?.attempt}),
    resumed: outcome.resumed,
    requests: batch?.requests ?? 0,
    picked: outcome.picked,
    left: outcome.left,
    ...(outcome.raised !== undefined && {raised: outcome.raised}),
    files: batch?.shards.map((shard) => shard.file) ?? [],
    ...(start !== undefined && {submitted: start.manifest.shards.map((shard) => shard.remote?.batch_id ?? '(not created)'), sends_to: start.sends_to}),
    next:
      batch === undefined
        ? `bench jury ${outcome.root}`
        : start === undefined
          ? `bench start ${batch.name}`
          : `bench get ${batch.name}, then bench results ${outcome.root} (merges every attempt)`,
  }
}

export function renderRetryCard(card: RetryCard): string {
  const left = card.left.length === 0 ? undefined : card.left.map(describeLeft).join('\n')
  if (card.name === undefined) {
    return renderCard({
      title: `Nothing to retry in ${card.root}`,
      rows: [['left', left ?? 'none: every request succeeded']],
      footer: [`Next: ${card.next}`],
    })
  }
  const kinds = Object.entries(card.picked)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ')
  return renderCard({
    title: `${card.resumed ? 'Resumed' : 'Prepared'} ${card.name}: attempt ${card.attempt} of ${card.root}`,
    rows: [
      ['resubmits', card.resumed ? `${card.requests} requests (prepared by an earlier bench retry, not yet submitted)` : `${card.requests} requests (${kinds})`],
      ['max tokens', card.raised === undefined ? undefined : describeRaised(card.raised)],
      ['left', left],
      [card.files.length === 1 ? 'file' : `files (${card.files.length} shards)`, card.files.join('\n')],
      ['batch', card.submitted?.join('\n')],
      sendsToRow(card.sends_to ?? []),
    ],
    footer: [`Next: ${card.next}`],
  })
}

function describeLeft(left: LeftRequests): string {
  if (left.reason === 'not chosen') return `${left.count} ${left.code}: not in --only`
  return `${left.count} ${left.code}: ${RESULT_CODE_INFO[left.code].meaning}, and the same request gets the same answer (--include-permanent sends it anyway)`
}

function describeRaised(raised: NonNullable<RetryCard['raised']>): string {
  if (raised.requests === 0) return `--max-tokens ${raised.max_tokens} changed nothing: no truncated request was resubmitted`
  const lines = raised.requests === 1 ? '1 truncated request asks' : `${raised.requests} truncated requests ask`
  return `${lines} for ${raised.max_tokens} tokens; the other lines are copied unchanged`
}
