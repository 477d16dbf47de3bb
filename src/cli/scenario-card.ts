import {renderCard} from './card.js'
import {sendsToRow} from './destinations-row.js'
import type {Destination} from '../core/destinations/destination.js'
import type {PreparedScenario} from '../core/scenario/prepare-scenario.js'
import type {ScenarioRunOutcome} from '../core/scenario/run-scenario.js'

/** One model's batch, as the scenario cards list it. */
export interface ScenarioBatchRow {
  model: string
  name: string
  requests: number
  /** `prepared`, `kept` (already submitted), or the batch's state after a run. */
  state: string
  results?: string
  /** How requests were fitted to the model, or that the model is unknown (data/models.json). */
  notes?: string[]
}

/** What `bench prepare --scenario` prints; also its `--json` output. */
export interface ScenarioPrepared {
  scenario: string
  tasks: number
  tasks_file: string
  batches: ScenarioBatchRow[]
  next: string
}

export function toScenarioPrepared(prepared: PreparedScenario): ScenarioPrepared {
  return {
    scenario: prepared.scenario.name,
    tasks: prepared.scenario.tasks.length,
    tasks_file: prepared.tasks_file,
    batches: prepared.batches.map(({target, manifest, kept}) => ({
      model: target.label,
      name: manifest.name,
      requests: manifest.requests,
      state: kept ? 'kept (already submitted)' : 'prepared',
      ...(manifest.notes !== undefined && {notes: manifest.notes}),
    })),
    next: `bench run --scenario ${prepared.scenario.file}   (or: bench start NAME for each batch)`,
  }
}

export function renderScenarioPrepared(card: ScenarioPrepared): string {
  return renderCard({
    title: `Prepared scenario ${card.scenario}: ${card.batches.length} model(s) x ${card.tasks} task(s)`,
    rows: [
      ...card.batches.map((row): [string, string] => [row.model, [`${row.name} · ${row.requests} requests · ${row.state}`, ...(row.notes ?? [])].join('\n')]),
      ['tasks file', card.tasks_file],
    ],
    footer: [`Next: ${card.next}`],
  })
}

/** What `bench run --scenario` prints; also its `--json` output. */
export interface ScenarioRunCard {
  scenario: string
  finished: boolean
  batches: ScenarioBatchRow[]
  /** Each host the run sends to, and where a non-default one was set. */
  sends_to: Destination[]
  next?: string
}

export function toScenarioRunCard(outcome: ScenarioRunOutcome): ScenarioRunCard {
  return {
    scenario: outcome.scenario,
    finished: outcome.finished,
    batches: outcome.batches,
    sends_to: outcome.sends_to,
    ...(!outcome.finished && {next: `bench run --scenario ${outcome.file}   (continues where it stopped)`}),
  }
}

export function renderScenarioRunCard(card: ScenarioRunCard): string {
  return renderCard({
    title: `Scenario ${card.scenario}: ${card.finished ? 'every model finished' : 'batches still running'}`,
    rows: [...card.batches.map((row): [string, string | undefined] => [row.model, [`${row.name} · ${row.state}${row.results === undefined ? '' : ` · ${row.results}`}`, ...(row.notes ?? [])].join('\n')]), sendsToRow(card.sends_to)],
    footer: card.next === undefined ? undefined : [`Next: ${card.next}`],
  })
}
