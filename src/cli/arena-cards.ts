import {renderCard} from './card.js'
import {sendsToRow, uniqueDestinations} from './destinations-row.js'
import {arenaItems, arenaRecordPath, type ArenaRecord} from '../core/arena/arena-record.js'
import type {ArenaRatingsReport, GroupRatings} from '../core/arena/arena-ratings.js'
import type {ArenaJudgeOutcome} from '../core/arena/judge-batches.js'
import type {Fragility} from '../core/arena/fragility.js'
import type {Ratings} from '../core/arena/ratings.js'
import type {StartOutcome} from '../core/batch/start.js'
import type {Destination} from '../core/destinations/destination.js'
import {formatCount} from '../core/format-count.js'

/** What `bench arena pairs` reports; also its `--json` output. */
export interface ArenaPairsCard {
  arena: string
  file: string
  written: boolean
  prompts: number
  models: {name: string; vendor: string; vendor_from: string}[]
  pairs: number
  items: number
  candidates: number
  pairing: string
  missing: ArenaRecord['missing']
  next: string[]
}

export function toArenaPairsCard(record: ArenaRecord, written: boolean): ArenaPairsCard {
  const {baseline, sample} = record.pairing
  return {
    arena: record.name,
    file: arenaRecordPath(record.name),
    written,
    prompts: record.prompts.length,
    models: record.models.map((model) => ({name: model.name, vendor: model.vendor ?? 'unknown', vendor_from: model.vendor_from})),
    pairs: record.pairs.length,
    items: arenaItems(record).length,
    candidates: record.candidates,
    pairing: `${baseline === undefined ? 'every pair of models' : `each model against ${baseline}`} per prompt${sample === undefined ? '' : `, ${formatCount(sample.pairs)} drawn (seed ${sample.seed}), balanced across model pairs`}`,
    missing: record.missing,
    next: [`bench arena judge ${record.name} --start`, `bench arena serve ${record.name}`],
  }
}

export function renderArenaPairsCard(card: ArenaPairsCard): string {
  return renderCard({
    title: `Arena ${card.arena}${card.written ? '' : ' (already there, unchanged)'}`,
    rows: [
      ['record', card.file],
      ['models', card.models.map((model) => `${model.name} · vendor ${model.vendor}${model.vendor === 'unknown' ? ' (every judge may rate it; --model-vendor to say)' : ` (from ${model.vendor_from})`}`).join('\n')],
      ['pairing', card.pairing],
      ['pairs', `${formatCount(card.pairs)} of ${formatCount(card.candidates)} possible, on ${formatCount(card.prompts)} prompts · ${formatCount(card.items)} items to vote on (one per turn)`],
      ['missing answers', card.missing.length === 0 ? undefined : card.missing.map((gap) => `${gap.model}: ${gap.prompts} prompts (${gap.examples.join(', ')}${gap.prompts > gap.examples.length ? ', ...' : ''}), left out of its pairs`).join('\n')],
    ],
    footer: ['Next:', ...card.next.map((line) => `  ${line}`)],
  })
}

/** What `bench arena judge` reports; also its `--json` output. */
export interface ArenaJudgeCard {
  arena: string
  judges_file: string
  judges: {name: string; provider: string; model: string; items: number; requests: number; own_vendor_items: number; state: string; written: boolean}[]
  sitting_out: {provider: string; model: string; reason: string}[]
  /** With `--start`: each host the judge batches were sent to. */
  sends_to: Destination[]
  next: string[]
}

export function toArenaJudgeCard(outcome: ArenaJudgeOutcome, starts: StartOutcome[] = []): ArenaJudgeCard {
  const judges = outcome.batches.map((batch, index) => {
    const manifest = starts[index]?.manifest ?? batch.manifest
    return {name: manifest.name, provider: manifest.provider, model: manifest.model, items: batch.items, requests: manifest.requests, own_vendor_items: batch.own_vendor_items, state: manifest.state, written: batch.written}
  })
  const unstarted = judges.filter((judge) => judge.state !== 'submitted')
  return {
    arena: outcome.record.name,
    judges_file: outcome.judges_file,
    judges,
    sitting_out: outcome.sitting_out.map(({judge, reason}) => ({provider: judge.provider, model: judge.model, reason})),
    sends_to: uniqueDestinations(starts.flatMap((start) => start.sends_to)),
    next: [
      ...(unstarted.length > 0 ? unstarted.map((judge) => `bench start ${judge.name}`) : judges.map((judge) => `bench get ${judge.name}`)),
      'then, once each is done: bench results NAME, and',
      `bench arena ratings ${outcome.record.name}`,
    ],
  }
}

export function renderArenaJudgeCard(card: ArenaJudgeCard): string {
  return renderCard({
    title: `Judges of arena ${card.arena}`,
    rows: [
      [
        'judges',
        card.judges
          .map((judge) => `${judge.name}\n  ${judge.provider} · ${judge.model} · ${judge.items} items in both orders = ${judge.requests} requests${judge.own_vendor_items > 0 ? ` · ${judge.own_vendor_items} items with its vendor's model left out` : ''} · ${judge.written ? judge.state : `${judge.state} earlier, left as it was`}`)
          .join('\n'),
      ],
      ['sitting out', card.sitting_out.length === 0 ? undefined : card.sitting_out.map((judge) => `${judge.provider} · ${judge.model} (${judge.reason})`).join('\n')],
      ['judges file', card.judges_file],
      sendsToRow(card.sends_to),
    ],
    footer: ['Next:', ...card.next.map((line) => `  ${line}`)],
  })
}

/** The ratings table of one group, as text. */
export function renderRatings(title: string, ratings: Ratings, fragility: Fragility): string {
  const rows = ratings.models.map((row) => [
    `${row.rank}`,
    `${row.rank_spread.best}-${row.rank_spread.worst}`,
    row.model,
    row.rating.toFixed(1),
    `${row.interval.low.toFixed(1)} to ${row.interval.high.toFixed(1)}`,
    formatCount(row.battles),
    `${row.wins}/${row.ties}/${row.losses}`,
  ])
  const header = ['rank', 'spread', 'model', 'rating', '95% interval', 'battles', 'won/tied/lost']
  const widths = header.map((name, column) => Math.max(name.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]): string => '  ' + cells.map((cell, column) => (column === 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')
  const notes = [
    `${formatCount(ratings.battles)} battles (ties as half a win${ratings.both_bad ? `, ${ratings.both_bad} of them both bad` : ''}); ${ratings.anchor.model} anchored at ${ratings.anchor.rating}; ${ratings.resamples} bootstrap resamples, seed ${ratings.seed}`,
    fragilityLine(fragility),
    ...(ratings.unbounded.length > 0 ? [`warning: ${ratings.unbounded.join(', ')}: a group won or lost every battle against the rest, so only the prior (sd ${ratings.prior_sd_elo} Elo points) bounds these ratings`] : []),
  ]
  return [title, line(header), ...rows.map(line), ...notes.map((note) => `  ${note}`)].join('\n')
}

function fragilityLine(fragility: Fragility): string {
  if (fragility.votes === undefined) return `fragility: no removal of up to half the votes found that changes the top model (${fragility.top})`
  return `fragility: removing ${formatCount(fragility.votes)} vote${fragility.votes === 1 ? '' : 's'} (${((fragility.share ?? 0) * 100).toFixed(2)}%) puts ${fragility.new_top} above ${fragility.top} (${fragility.method})`
}

function groupBlock(group: GroupRatings): string {
  const title = group.group === 'people' ? "People's votes" : "Judges' verdicts (all judges pooled)"
  return 'not_rated' in group ? `${title}\n  not rated: ${group.not_rated}` : renderRatings(title, group.ratings, group.fragility)
}

/** `bench arena ratings NAME`: both groups' tables, then agreement and biases. */
export function renderArenaRatings(report: ArenaRatingsReport): string {
  const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(0)}%`)
  const agreement = report.agreement.map((row) => `  ${row.first} vs ${row.second}: ${percent(row.with_ties.agreement)} with ties (n=${row.with_ties.n}), ${percent(row.without_ties.agreement)} without (n=${row.without_ties.n})`)
  const position = report.position_bias.map((row) => `  ${row.judge}: flips with the order on ${percent(row.flip_rate)} of ${row.items} items (${row.first_position} to the first answer, ${row.second_position} to the second, ${row.other} tie one way)${row.one_order_only > 0 ? `; ${row.one_order_only} items judged in one order only, not rated` : ''}`)
  const length = report.length_bias.map((row) => `  ${row.voter}: the longer answer won ${percent(row.share_longer)} of ${row.decisive} decisive votes`)
  const judges = report.judges.map((judge) => `  ${judge.batch}: ${judge.results ? `${judge.valid} valid verdicts of ${judge.requests} requests (${judge.failed} failed, ${judge.unreadable} not in the verdict schema)` : `no results yet: bench results ${judge.batch}`}`)
  return [
    renderCard({title: `Arena ${report.arena}`, rows: [['people', `${formatCount(report.people.votes)} votes from ${report.people.voters} voters`]]}),
    ...(judges.length > 0 ? ['Judge batches', ...judges] : []),
    '',
    ...report.groups.map(groupBlock).flatMap((block) => [block, '']),
    'Agreement (MT-bench: share of vote pairs that agree on the same item)',
    ...agreement,
    'Position bias (verdicts that change when the answers swap places count as ties)',
    ...(position.length > 0 ? position : ['  no judge results yet']),
    'Length bias',
    ...length,
  ].join('\n')
}
