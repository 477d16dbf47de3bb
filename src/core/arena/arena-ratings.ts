import {UserError} from '../errors.js'
import {agreementBetween, type Agreement} from './agreement.js'
import {itemIndex, judgeBattles, peopleBattles, type Battle, type PeopleVote} from './battles.js'
import {BattleCounts} from './battle-counts.js'
import {lengthBias, positionBias, type LengthBias, type PositionBias} from './biases.js'
import {findFragility, type Fragility} from './fragility.js'
import type {ArenaRecord} from './arena-record.js'
import {rateTable, type RatingOptions, type Ratings} from './ratings.js'
import {readJudgeResults, type JudgeReading} from './verdicts.js'

/** Whose votes to rate. */
export type VoterGroup = 'people' | 'judges'

/** One group's ratings, or why there are none. */
export type GroupRatings = {group: VoterGroup; ratings: Ratings; fragility: Fragility} | {group: VoterGroup; not_rated: string}

/** What a judge batch gave, for the card. */
export type JudgeSummary = Omit<JudgeReading, 'items'>

export interface ArenaRatingsReport {
  arena: string
  groups: GroupRatings[]
  judges: JudgeSummary[]
  people: {votes: number; voters: number}
  agreement: Agreement[]
  position_bias: PositionBias[]
  length_bias: LengthBias[]
}

export interface ArenaRatingsInput {
  record: ArenaRecord
  groups: readonly VoterGroup[]
  /** People's votes, as the voting server stored them (empty when it has none). */
  votes: readonly PeopleVote[]
  options: RatingOptions
}

/**
 * The arena's ratings, people's and the judges' side by side, and what tells how far to trust
 * them: agreement (judges against people, people against people), each judge's position and
 * length bias (and people's length bias), and the fragility of the top spot.
 */
export async function arenaRatings(input: ArenaRatingsInput): Promise<ArenaRatingsReport> {
  const {record} = input
  const items = itemIndex(record)
  const unknown = input.votes.find((vote) => !items.has(vote.item))
  if (unknown !== undefined) throw new UserError(`the votes hold item "${unknown.item}", which arena ${record.name} does not have: pass the arena the votes were cast in`)
  const readings = await Promise.all(record.judge_batches.map((batch) => readJudgeResults(record, batch)))
  const people = peopleBattles(record, input.votes)
  const judged = readings.flatMap((reading) => judgeBattles(record, reading))
  const groups = input.groups.map((group) => rateGroup(group, group === 'people' ? people : judged, input.options, group === 'people' ? peopleHint(record) : judgesHint(record, readings)))

  const labels = [...new Set(readings.map((reading) => reading.judge))]
  const all = [...people, ...judged]
  const whoOf = (battle: Battle): string => (battle.source === 'people' ? 'people' : battle.judge)
  const agreement = [...labels.map((label) => agreementBetween(all, label, 'people', whoOf)), agreementBetween(all, 'people', 'people', whoOf)]
  const length = (model: string, battle: Battle): number => record.answers[model]?.[battle.question_id]?.[battle.turn - 1]?.length ?? 0
  return {
    arena: record.name,
    groups,
    judges: readings.map(({items: _items, ...summary}) => summary),
    people: {votes: input.votes.length, voters: new Set(input.votes.map((vote) => vote.voter)).size},
    agreement,
    position_bias: readings.filter((reading) => reading.results).map(positionBias),
    length_bias: [...labels.map((label) => lengthBias(label, judged.filter((battle) => battle.judge === label), length)), lengthBias('people', people, length)],
  }
}

/** Ratings of any battles (a group of the arena, or a battles file), with the fragility of the top spot. */
export function rateBattles(counts: BattleCounts, options: RatingOptions): {ratings: Ratings; fragility: Fragility} {
  const table = counts.table()
  const {ratings, strengths} = rateTable(table, options)
  return {ratings: {...ratings, both_bad: counts.bothBad}, fragility: findFragility(table, strengths)}
}

function rateGroup(group: VoterGroup, battles: readonly Battle[], options: RatingOptions, hint: string): GroupRatings {
  if (battles.length === 0) return {group, not_rated: `no ${group === 'people' ? 'votes' : 'verdicts'} yet: ${hint}`}
  const counts = new BattleCounts()
  for (const battle of battles) counts.add(battle.model_a, battle.model_b, battle.winner)
  try {
    return {group, ...rateBattles(counts, options)}
  } catch (error) {
    // One group's ratings can be impossible (too few votes to link the models) while the other's are fine.
    if (error instanceof UserError) return {group, not_rated: error.message}
    throw error
  }
}

function peopleHint(record: ArenaRecord): string {
  return `run \`bench arena serve ${record.name}\` and vote`
}

function judgesHint(record: ArenaRecord, readings: readonly JudgeReading[]): string {
  if (readings.length === 0) return `run \`bench arena judge ${record.name} --start\``
  const waiting = readings.filter((reading) => !reading.results).map((reading) => `bench results ${reading.batch}`)
  return waiting.length > 0 ? `once the judge batches are done, run ${waiting.join(', ')}` : 'no judge gave a valid verdict in both orders'
}
