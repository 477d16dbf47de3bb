import {join} from 'node:path'

import {renderCard} from './card.js'
import {sendsToRow, uniqueDestinations} from './destinations-row.js'
import {RESULTS_DIR} from '../core/batch/manifest.js'
import type {StartOutcome} from '../core/batch/start.js'
import type {Destination} from '../core/destinations/destination.js'
import type {JuryOutcome} from '../core/jury/jury.js'
import type {PredictionTally} from '../core/jury/predictions.js'
import {LAYTON_REPEAT_RULE_TEXT, repeatRangeText} from '../core/jury/repeats.js'
import {WITHHELD_CODES, countWithheld, describeWithheld, totalWithheld} from '../core/jury/withheld.js'

/** What `bench jury` reports; also its `--json` output. */
export interface JuryCard {
  prediction: {name: string; provider: string; model: string; results_file: string}
  predictions: PredictionTally
  judges_file: string
  /** Verdicts asked per prediction per judge, and how a judge's repeats make its verdict. */
  repeats: number
  repeat_rule: string
  /** One entry per judge batch: a judge has several when repeats were added by a later run. */
  judges: {name: string; provider: string; model: string; repeats: string; requests: number; files: string[]; state: string; written: boolean; notes?: string[]}[]
  sitting_out: {provider: string; model: string; reason: string}[]
  /** With `--start`: each host the judge batches were sent to. */
  sends_to: Destination[]
  next: string[]
}

/** `starts`: what `--start` did, in the order of `outcome.batches`. */
export function toJuryCard(outcome: JuryOutcome, starts: StartOutcome[] = []): JuryCard {
  const judges = outcome.batches.map((batch, index) => {
    const manifest = starts[index]?.manifest ?? batch.manifest
    return {
      name: manifest.name,
      provider: manifest.provider,
      model: manifest.model,
      repeats: repeatRangeText(batch.repeats),
      requests: manifest.requests,
      files: manifest.shards.map((shard) => shard.file),
      state: manifest.state,
      written: batch.written,
      ...(manifest.notes !== undefined && {notes: manifest.notes}),
    }
  })
  const scoring =
    outcome.prediction.benchmark === undefined
      ? scoreCommand(judges.map((judge) => join(RESULTS_DIR, `${judge.name}.jsonl`)))
      : `bench score --results ${outcome.results_file}`
  const unstarted = judges.filter((judge) => judge.state !== 'submitted')
  return {
    prediction: {
      name: outcome.prediction.name,
      provider: outcome.prediction.provider,
      model: outcome.prediction.model,
      results_file: outcome.results_file,
    },
    predictions: outcome.tally,
    judges_file: outcome.judges_file,
    repeats: outcome.repeats,
    repeat_rule: LAYTON_REPEAT_RULE_TEXT,
    judges,
    sitting_out: outcome.sitting_out.map(({judge, reason}) => ({provider: judge.provider, model: judge.model, reason})),
    sends_to: uniqueDestinations(starts.flatMap((start) => start.sends_to)),
    next:
      unstarted.length > 0
        ? [...unstarted.map((judge) => `bench start ${judge.name}`), 'then, once each is done: bench results NAME, and', scoring]
        : [...judges.map((judge) => `bench get ${judge.name}`), 'then, once each is done: bench results NAME, and', scoring],
  }
}

export function renderJuryCard(card: JuryCard): string {
  const {predictions} = card
  // Asked once, the card reads as it always has.
  const repeated = card.repeats > 1 || card.judges.some((judge) => judge.repeats !== '1')
  return renderCard({
    title: `Jury of ${card.prediction.name} (${card.prediction.provider} · ${card.prediction.model})`,
    rows: [
      ['predictions', tallyLine(predictions)],
      ['repaired', predictions.repaired === 0 ? undefined : idList(predictions.repaired_ids)],
      ['judged empty', predictions.empty_ids.length === 0 ? undefined : idList(predictions.empty_ids)],
      ['not judged', withheldLines(predictions)],
      ['repeats', repeated ? `${card.repeats} per prediction per judge; a judge's verdict is ${card.repeat_rule}` : undefined],
      [
        'judges',
        card.judges
          .map((judge) => [`${judge.name}\n  ${judge.provider} · ${judge.model} · ${repeated ? `repeats ${judge.repeats} · ` : ''}${judge.requests} requests · ${judge.written ? judge.state : `${judge.state} earlier, left as it was`}`, ...(judge.notes ?? []).map((note) => `  ${note}`)].join('\n'))
          .join('\n'),
      ],
      ['sitting out', card.sitting_out.length === 0 ? undefined : card.sitting_out.map((judge) => `${judge.provider} · ${judge.model} (${judge.reason})`).join('\n')],
      sendsToRow(card.sends_to),
    ],
    footer: ['Next:', ...card.next.map((line) => `  ${line}`)],
  })
}

/** The `bench score` command line for these judge results files. */
export function scoreCommand(files: string[]): string {
  return `bench score --judge-files ${files.join(' ')}`
}

function tallyLine(tally: PredictionTally): string {
  const empty = tally.failed + tally.unreadable
  const parts = [`${tally.as_returned} as returned`, `${tally.repaired} repaired`]
  if (empty > 0) parts.push(`${empty} judged with empty fields (${failedParts(tally).join(', ')})`)
  const withheld = describeWithheld(countWithheld(tally.withheld))
  if (withheld !== undefined) parts.push(`${totalWithheld(countWithheld(tally.withheld))} not judged, counted incorrect (${withheld})`)
  return `${tally.total}: ${parts.join(' · ')}`
}

/** `2 failed: 1 rate_limit, 1 missing`, `1 unreadable`. */
function failedParts(tally: PredictionTally): string[] {
  const codes = Object.entries(tally.failed_codes).map(([code, count]) => `${count} ${code}`)
  const parts = tally.failed > 0 ? [`${tally.failed} failed: ${codes.join(', ')}`] : []
  if (tally.unreadable > 0) parts.push(`${tally.unreadable} unreadable`)
  return parts
}

/** The withheld predictions' ids, one line per kind. */
/** Withheld predictions by kind; a judged benchmark's answers without text (nothing to classify) too. */
function withheldLines(tally: PredictionTally): string | undefined {
  const lines = WITHHELD_CODES.filter((code) => tally.withheld[code].length > 0).map((code) => `${code}: ${idList(tally.withheld[code])}`)
  if (tally.not_judged !== undefined && tally.not_judged.length > 0) lines.push(`no text: ${idList(tally.not_judged)}`)
  return lines.length === 0 ? undefined : lines.join('\n')
}

/** At most five ids, so a card stays a card; `--json` lists them all. */
function idList(ids: string[]): string {
  const shown = ids.slice(0, 5).join(', ')
  return ids.length > 5 ? `${shown} and ${ids.length - 5} more` : shown
}
