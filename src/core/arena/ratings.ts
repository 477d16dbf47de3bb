import {UserError} from '../errors.js'
import {rankSpreads} from '../compare/leaderboard.js'
import {CountResampler} from '../score/count-resampler.js'
import {Random} from '../score/random.js'
import {percentileInterval} from '../score/stats.js'
import {totalBattles, type PairTable} from './battle-counts.js'
import {ChordRefitter, PRIOR_SD_ELO, fitBradleyTerry, toElo, type Strengths} from './bradley-terry.js'

export interface RatingOptions {
  /** Bootstrap replicates (Chatbot Arena uses 1,000). */
  resamples: number
  seed: number
  /** The model whose rating is fixed; default: the first in alphabetical order. */
  anchor?: string
  anchorRating: number
}

export interface ModelRating {
  rank: number
  /** Best and worst rank the 95% intervals allow, as `bench compare` ranks. */
  rank_spread: {best: number; worst: number}
  model: string
  rating: number
  /** 95% percentile interval of the bootstrap ratings. */
  interval: {low: number; high: number}
  battles: number
  wins: number
  losses: number
  ties: number
}

/** One pair of models: how their battles went. */
export interface PairOutcome {
  model_a: string
  model_b: string
  battles: number
  wins_a: number
  wins_b: number
  ties: number
  /** Share of battles won by model_a, ties as half. */
  win_rate_a: number
}

export interface Ratings {
  battles: number
  /** Of the ties, those where both answers were bad. */
  both_bad?: number
  anchor: {model: string; rating: number}
  resamples: number
  seed: number
  prior_sd_elo: number
  /** Highest rating first. */
  models: ModelRating[]
  pairs: PairOutcome[]
  /**
   * Models that won or lost every battle against the rest (with those it is tied to): their
   * likelihood has no finite maximum, so the prior alone bounds their rating.
   */
  unbounded: string[]
}

/**
 * Bradley-Terry ratings on the Elo scale with seeded bootstrap intervals. The bootstrap resamples
 * battles with replacement, which on counts is one multinomial draw over the pair-and-outcome
 * cells (CountResampler): a replicate costs about the same for a thousand battles or a million. Refused in one line when some models never met the others, directly or through third
 * models: no data puts their ratings on one scale.
 */
export function rateTable(table: PairTable, options: RatingOptions): {ratings: Ratings; strengths: Strengths} {
  const n = table.models.length
  if (n < 2) throw new UserError(`${n === 0 ? 'no battles' : `battles of one model only (${table.models[0]})`}: ratings need battles between two models or more`)
  assertConnected(table)
  const anchorName = options.anchor ?? [...table.models].sort()[0]!
  const anchor = table.models.indexOf(anchorName)
  if (anchor === -1) throw new UserError(`--anchor ${anchorName} is not a model of these battles (${[...table.models].sort().join(', ')})`)
  if (!Number.isInteger(options.resamples) || options.resamples < 1) throw new UserError(`--resamples takes a whole number of at least 1, got ${options.resamples}`)

  const strengths = fitBradleyTerry(table)
  const point = toElo(strengths, anchor, options.anchorRating)
  const replicates = bootstrapRatings(table, strengths, anchor, options)
  const intervals = replicates.map((values) => percentileInterval(values))
  const order = [...point.keys()].sort((a, b) => point[b]! - point[a]! || table.models[a]!.localeCompare(table.models[b]!))
  const spreads = rankSpreads(order.map((index) => intervals[index]!))
  const tallies = modelTallies(table)
  return {
    strengths,
    ratings: {
      battles: totalBattles(table),
      anchor: {model: anchorName, rating: options.anchorRating},
      resamples: options.resamples,
      seed: options.seed,
      prior_sd_elo: PRIOR_SD_ELO,
      models: order.map((index, position) => ({
        rank: position + 1,
        rank_spread: spreads[position]!,
        model: table.models[index]!,
        rating: point[index]!,
        interval: intervals[index]!,
        ...tallies[index]!,
      })),
      pairs: pairOutcomes(table),
      unbounded: unboundedModels(table),
    },
  }
}

/**
 * How close (natural-log units) a replicate's refit gets to its exact fit: 5e-5 is 0.009 Elo
 * points, far under the 0.1 the ratings are shown with and under any interval's width.
 */
const REPLICATE_TOLERANCE = 5e-5

/** One Float64Array of replicate ratings per model. */
function bootstrapRatings(table: PairTable, strengths: Strengths, anchor: number, options: RatingOptions): Float64Array[] {
  const n = table.models.length
  const resampler = new CountResampler(table.outcomes, new Random(options.seed))
  const refitter = new ChordRefitter(table, strengths)
  const replicates = Array.from({length: n}, () => new Float64Array(options.resamples))
  const outcomes = new Float64Array(table.outcomes.length)
  const replicate = new Float64Array(n)
  for (let draw = 0; draw < options.resamples; draw += 1) {
    // Battles drawn with replacement, as counts per pair and outcome.
    resampler.draw(outcomes)
    refitter.refit(outcomes, replicate, REPLICATE_TOLERANCE)
    const offset = replicate[anchor]!
    for (let index = 0; index < n; index += 1) replicates[index]![draw] = options.anchorRating + (400 / Math.LN10) * (replicate[index]! - offset)
  }
  return replicates
}

function modelTallies(table: PairTable): {battles: number; wins: number; losses: number; ties: number}[] {
  const tallies = table.models.map(() => ({battles: 0, wins: 0, losses: 0, ties: 0}))
  for (let pair = 0; pair < table.first.length; pair += 1) {
    const [winsFirst, winsSecond, ties] = [table.outcomes[pair * 3]!, table.outcomes[pair * 3 + 1]!, table.outcomes[pair * 3 + 2]!]
    for (const [side, wins, losses] of [[table.first[pair]!, winsFirst, winsSecond], [table.second[pair]!, winsSecond, winsFirst]] as const) {
      const tally = tallies[side]!
      tally.wins += wins
      tally.losses += losses
      tally.ties += ties
      tally.battles += wins + losses + ties
    }
  }
  return tallies
}

function pairOutcomes(table: PairTable): PairOutcome[] {
  const pairs: PairOutcome[] = []
  for (let pair = 0; pair < table.first.length; pair += 1) {
    const [winsA, winsB, ties] = [table.outcomes[pair * 3]!, table.outcomes[pair * 3 + 1]!, table.outcomes[pair * 3 + 2]!]
    const battles = winsA + winsB + ties
    if (battles === 0) continue
    pairs.push({model_a: table.models[table.first[pair]!]!, model_b: table.models[table.second[pair]!]!, battles, wins_a: winsA, wins_b: winsB, ties, win_rate_a: (winsA + ties / 2) / battles})
  }
  return pairs.sort((x, y) => x.model_a.localeCompare(y.model_a) || x.model_b.localeCompare(y.model_b))
}

/** Refuses models that never met the rest: their ratings would rest on the prior alone. */
function assertConnected(table: PairTable): void {
  const component = components(table.models.length, table)
  const groups = new Set(component)
  if (groups.size === 1) return
  const isolated = table.models.filter((_, index) => component[index] !== component[0])
  throw new UserError(
    `${isolated.slice(0, 3).join(', ')}${isolated.length > 3 ? ` and ${isolated.length - 3} more` : ''} never met ${table.models[0]} or the models it met, directly or through others: their ratings cannot be put on one scale; add battles between the groups`,
  )
}

/**
 * Models whose rating the battles do not bound: when the "scored a point against" graph (a win
 * or a tie) is not strongly connected, the likelihood has no finite maximum (Zermelo's
 * condition). Named are the groups that no outsider ever scored against (they won every battle
 * with the rest) and those that never scored against an outsider (they lost every one).
 */
function unboundedModels(table: PairTable): string[] {
  const n = table.models.length
  const edges: number[][] = table.models.map(() => [])
  for (let pair = 0; pair < table.first.length; pair += 1) {
    const [winsFirst, winsSecond, ties] = [table.outcomes[pair * 3]!, table.outcomes[pair * 3 + 1]!, table.outcomes[pair * 3 + 2]!]
    if (winsFirst + ties > 0) edges[table.first[pair]!]!.push(table.second[pair]!)
    if (winsSecond + ties > 0) edges[table.second[pair]!]!.push(table.first[pair]!)
  }
  const reach = table.models.map((_, start) => {
    const seen = new Uint8Array(n)
    seen[start] = 1
    const stack = [start]
    while (stack.length > 0) {
      for (const next of edges[stack.pop()!]!) {
        if (seen[next] === 1) continue
        seen[next] = 1
        stack.push(next)
      }
    }
    return seen
  })
  const unbounded = table.models.filter((_, model) => {
    const outsiders = table.models.map((__, other) => other).filter((other) => reach[model]![other] !== 1 || reach[other]![model] !== 1)
    if (outsiders.length === 0) return false
    const reachedByOutsider = outsiders.some((other) => reach[other]![model] === 1)
    const reachesOutsider = outsiders.some((other) => reach[model]![other] === 1)
    return !reachedByOutsider || !reachesOutsider
  })
  return unbounded.sort()
}

/** Connected components of the graph of pairs that met, as a component number per model. */
function components(n: number, table: PairTable): number[] {
  const parent = Array.from({length: n}, (_, index) => index)
  const root = (node: number): number => (parent[node] === node ? node : (parent[node] = root(parent[node]!)))
  for (let pair = 0; pair < table.first.length; pair += 1) {
    const battles = table.outcomes[pair * 3]! + table.outcomes[pair * 3 + 1]! + table.outcomes[pair * 3 + 2]!
    if (battles > 0) parent[root(table.first[pair]!)] = root(table.second[pair]!)
  }
  return parent.map((_, index) => root(index))
}
