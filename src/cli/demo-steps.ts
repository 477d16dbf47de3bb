import {renderJuryCard, scoreCommand, toJuryCard} from './jury-card.js'
import {renderPreparedCard, toPreparedCard} from './prepared-card.js'
import {renderResultsCard} from './results-card.js'
import {renderScoreLine, scoreNotes} from './score-output.js'
import {renderStartCard, toStartCard} from './start-card.js'
import {renderStatusCard, toStatusCard} from './status-card.js'
import type {DemoStep} from '../core/demo.js'

/** One step of `bench demo`: the command a user would type, then what that command prints. */
export function renderDemoStep(step: DemoStep): string {
  return `$ ${step.command}\n${stepOutput(step)}\n`
}

function stepOutput(step: DemoStep): string {
  switch (step.kind) {
    case 'prepare':
      return renderPreparedCard(toPreparedCard(step.manifest))
    case 'start':
      return renderStartCard(toStartCard(step.outcome))
    case 'get':
      return renderStatusCard(toStatusCard(step.view))
    case 'results':
      return renderResultsCard(
        step.summary,
        step.judgeFiles === undefined ? `bench jury ${step.summary.name}` : scoreCommand(step.judgeFiles),
      )
    case 'jury':
      return renderJuryCard(toJuryCard(step.outcome, step.starts))
    case 'score':
      return [...scoreNotes(step.report), renderScoreLine(step.report)].join('\n')
  }
}
