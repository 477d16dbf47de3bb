import type {ArenaRatingsReport, GroupRatings} from '../../core/arena/arena-ratings.js'
import type {Fragility} from '../../core/arena/fragility.js'
import type {Ratings} from '../../core/arena/ratings.js'
import {formatCount} from '../../core/format-count.js'
import type {ReportTable} from '../report-tables.js'
import {escapeHtml} from './escape.js'
import {htmlPage, htmlTable, section} from './html-report.js'
import {intervalChart} from './svg-charts.js'

/** A group's ratings, with a title: the people's, the judges', or a battles file's. */
export interface RatedGroup {
  id: string
  title: string
  ratings: Ratings
  fragility: Fragility
}

/**
 * `bench arena ratings --html FILE`: one self-contained page in the style of `bench compare`'s
 * report, with no script at all: ratings with their intervals, the win-rate matrix, and for an
 * arena, agreement and each judge's biases. Every model name is escaped.
 */
export function renderArenaPage(title: string, groups: readonly RatedGroup[], report?: ArenaRatingsReport): string {
  const sections = groups.map(ratingsSection)
  const nav = groups.map((group) => group.id)
  if (report !== undefined) {
    const notRated = report.groups.filter((group): group is Extract<GroupRatings, {not_rated: string}> => 'not_rated' in group)
    if (notRated.length > 0) sections.push(section('not-rated', 'Not rated', notRated.map((group) => `<p class="note">${escapeHtml(`${group.group}: ${group.not_rated}`)}</p>`).join('')))
    sections.push(section('agreement', 'Agreement and biases', [agreementTable(report), positionTable(report), lengthTable(report)].map(htmlTable).join('')))
    nav.push('agreement')
  }
  return htmlPage({
    policy: "default-src 'none'; style-src 'unsafe-inline'",
    title,
    summary: `${title}: Bradley-Terry ratings on the Elo scale (400 points per factor of 10 in odds), ties as half a win, 95% bootstrap intervals.`,
    nav,
    main: sections.join('\n'),
  })
}

function ratingsSection(group: RatedGroup): string {
  const {ratings, fragility} = group
  const chart = intervalChart(
    ratings.models.map((row) => ({label: `${row.rank}. ${row.model}`, score: row.rating, halfWidth: 0, low: row.interval.low, high: row.interval.high})),
    `${group.title}: ratings with 95% intervals`,
  )
  const table: ReportTable = {
    id: `${group.id}-ratings`,
    title: 'Ratings',
    columns: [
      {name: 'rank', kind: 'count'},
      {name: 'rank spread', kind: 'text'},
      {name: 'model', kind: 'text'},
      {name: 'rating', kind: 'points'},
      {name: '95% low', kind: 'points'},
      {name: '95% high', kind: 'points'},
      {name: 'battles', kind: 'count'},
      {name: 'wins', kind: 'count'},
      {name: 'ties', kind: 'count'},
      {name: 'losses', kind: 'count'},
    ],
    rows: ratings.models.map((row) => [row.rank, `${row.rank_spread.best} - ${row.rank_spread.worst}`, row.model, row.rating, row.interval.low, row.interval.high, row.battles, row.wins, row.ties, row.losses]),
    notes: [
      `${formatCount(ratings.battles)} battles; ${ratings.anchor.model} anchored at ${ratings.anchor.rating}; ${ratings.resamples} bootstrap resamples (seed ${ratings.seed}).`,
      fragility.votes === undefined
        ? `Fragility: no removal of up to half the votes found that changes the top model (${fragility.top}).`
        : `Fragility: removing ${formatCount(fragility.votes)} votes (${((fragility.share ?? 0) * 100).toFixed(2)}%) puts ${fragility.new_top} above ${fragility.top} (${fragility.method}).`,
      ...(ratings.unbounded.length > 0 ? [`${ratings.unbounded.join(', ')}: won or lost every battle against the rest; only the prior bounds these ratings.`] : []),
    ],
  }
  return section(group.id, group.title, chart + htmlTable(table) + winMatrix(ratings))
}

/** Row model's share of its battles against the column model, ties as half; darker green: more wins. */
function winMatrix(ratings: Ratings): string {
  const models = ratings.models.map((row) => row.model)
  const rate = (a: string, b: string): {rate: number; battles: number} | undefined => {
    const pair = ratings.pairs.find((candidate) => (candidate.model_a === a && candidate.model_b === b) || (candidate.model_a === b && candidate.model_b === a))
    if (pair === undefined) return undefined
    return {rate: pair.model_a === a ? pair.win_rate_a : 1 - pair.win_rate_a, battles: pair.battles}
  }
  const rows = models.map((first, index) => {
    const cells = models.map((second) => {
      if (first === second) return '<td class="matrix self"></td>'
      const cell = rate(first, second)
      if (cell === undefined) return '<td class="matrix same">—</td>'
      const hue = cell.rate >= 0.5 ? 140 : 5
      const strength = Math.round(Math.abs(cell.rate - 0.5) * 2 * 45)
      return `<td class="matrix" style="background: hsl(${hue} 55% ${95 - strength}%)" title="${escapeHtml(`${first} vs ${second}: ${cell.battles} battles`)}">${(cell.rate * 100).toFixed(0)}</td>`
    })
    return `<tr><th class="row-label">${index + 1}. ${escapeHtml(first)}</th>${cells.join('')}</tr>`
  })
  const header = `<tr><th></th>${models.map((_, index) => `<th>${index + 1}</th>`).join('')}</tr>`
  return `<h3>Win rate, row against column (%, ties as half)</h3><table class="matrix-table win-matrix">${header}${rows.join('')}</table>`
}

function agreementTable(report: ArenaRatingsReport): ReportTable {
  return {
    id: 'agreement',
    title: 'Agreement (MT-bench: share of vote pairs on the same item that agree)',
    columns: [
      {name: 'first', kind: 'text'},
      {name: 'second', kind: 'text'},
      {name: 'with ties (%)', kind: 'rate'},
      {name: 'n', kind: 'count'},
      {name: 'without ties (%)', kind: 'rate'},
      {name: 'n ', kind: 'count'},
    ],
    rows: report.agreement.map((row) => [row.first, row.second, percent(row.with_ties.agreement), row.with_ties.n, percent(row.without_ties.agreement), row.without_ties.n]),
  }
}

function positionTable(report: ArenaRatingsReport): ReportTable {
  return {
    id: 'position-bias',
    title: 'Position bias (verdicts that change with the order count as ties)',
    columns: [
      {name: 'judge', kind: 'text'},
      {name: 'items', kind: 'count'},
      {name: 'consistent', kind: 'count'},
      {name: 'to the first answer', kind: 'count'},
      {name: 'to the second answer', kind: 'count'},
      {name: 'tie one way', kind: 'count'},
      {name: 'flip rate (%)', kind: 'rate'},
    ],
    rows: report.position_bias.map((row) => [row.judge, row.items, row.consistent, row.first_position, row.second_position, row.other, percent(row.flip_rate)]),
  }
}

function lengthTable(report: ArenaRatingsReport): ReportTable {
  return {
    id: 'length-bias',
    title: 'Length bias (decisive votes between answers of different lengths)',
    columns: [
      {name: 'voter', kind: 'text'},
      {name: 'decisive votes', kind: 'count'},
      {name: 'longer answer won (%)', kind: 'rate'},
    ],
    rows: report.length_bias.map((row) => [row.voter, row.decisive, percent(row.share_longer)]),
  }
}

function percent(value: number | null): number | null {
  return value === null ? null : value * 100
}
