import {join} from 'node:path'

import {renderCard} from './card.js'
import {scoreCommand} from './jury-card.js'
import {RESULTS_DIR} from '../core/batch/manifest.js'
import type {StartOutcome} from '../core/batch/start.js'
import {REPEAT_RULE_TEXT, repeatRangeText} from '../core/jury/repeats.js'
import type {RubricJuryOutcome} from '../core/rubric/rubric-jury.js'

/** What `bench jury --rubric` reports; also its `--json` output. */
export interface RubricJuryCard {
  prediction: {name: string; provider: string; model: string; results_file: string}
  rubric: {source: string; criteria: string[]}
  repeats: number
  repeat_rule: string
  answers: number
  ungraded: RubricJuryOutcome['ungraded']
  batches: {name: string; provider: string; model: string; repeats: string; requests: number; state: string; written: boolean}[]
  next: string[]
}

export function toRubricJuryCard(outcome: RubricJuryOutcome, starts: StartOutcome[] = []): RubricJuryCard {
  const started = new Map(starts.map((start) => [start.manifest.name, start.manifest]))
  const batches = outcome.batches.map((batch) => {
    const manifest = started.get(batch.manifest.name) ?? batch.manifest
    return {name: manifest.name, provider: manifest.provider, model: manifest.model, repeats: repeatRangeText(batch.repeats), requests: manifest.requests, state: manifest.state, written: batch.written}
  })
  const unstarted = batches.filter((batch) => batch.state !== 'submitted')
  const scoring = scoreCommand(batches.map((batch) => join(RESULTS_DIR, `${batch.name}.jsonl`)))
  return {
    prediction: {name: outcome.prediction.name, provider: outcome.prediction.provider, model: outcome.prediction.model, results_file: outcome.results_file},
    rubric: {source: outcome.rubric.source, criteria: outcome.rubric.criteria.map((criterion) => criterion.name)},
    repeats: outcome.repeats,
    repeat_rule: REPEAT_RULE_TEXT,
    answers: outcome.answers,
    ungraded: outcome.ungraded,
    batches,
    next: [...(unstarted.length > 0 ? unstarted.map((batch) => `bench start ${batch.name}`) : batches.map((batch) => `bench get ${batch.name}`)), 'then, once each is done: bench results NAME, and', scoring],
  }
}

export function renderRubricJuryCard(card: RubricJuryCard): string {
  return renderCard({
    title: `Rubric jury of ${card.prediction.name} (${card.prediction.provider} · ${card.prediction.model})`,
    rows: [
      ['rubric', `${card.rubric.source}: ${card.rubric.criteria.join(', ')} (+ matches_expected where a task has an expected answer)`],
      ['answers', `${card.answers} graded${card.ungraded.length === 0 ? '' : ` · ${card.ungraded.length} not sent (failed, refused, blocked or cut): bottom of every scale`}`],
      ['repeats', card.repeats === 1 ? undefined : `${card.repeats} per answer per judge; a judge's verdict is ${card.repeat_rule}`],
      [
        'judge batches',
        card.batches
          .map((batch) => `${batch.name}\n  ${batch.provider} · ${batch.model} · repeats ${batch.repeats} · ${batch.requests} requests · ${batch.written ? batch.state : `${batch.state} earlier, left as it was`}`)
          .join('\n'),
      ],
    ],
    footer: ['Next:', ...card.next.map((line) => `  ${line}`)],
  })
}
