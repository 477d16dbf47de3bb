import type {BatchRecord, LineOutcome} from './batch.js'

/**
 * A request the vendor accepts into a batch but cannot run: Anthropic's `params` without
 * `max_tokens`, a Gemini request without `contents`, a Mistral body without `messages`. The
 * batch is created; the line ends as a per-line error once it is executed.
 */
export interface LineProblem {
  /** HTTP status the vendor reports for the line (400 for invalid parameters). */
  status: number
  /** Vendor-neutral code in the engine's spelling (`invalid_request_error`). */
  code: string
  message: string
}

/** A 400 `invalid_request_error` line problem. */
export function invalidLine(message: string): LineProblem {
  return {status: 400, code: 'invalid_request_error', message}
}

/**
 * The batch as its vendor reports it: lines with a problem that were executed end `errored`
 * with that problem instead of the responder's answer. Lines never executed (pending, cancelled,
 * expired) keep their outcome. The engine's record is left untouched.
 */
export function withLineProblems<Vendor>(batch: BatchRecord<Vendor>, problems: readonly (LineProblem | undefined)[]): BatchRecord<Vendor> {
  const outcomes = batch.outcomes.map((outcome, index): LineOutcome | undefined => {
    const problem = problems[index]
    if (problem === undefined || outcome === undefined || !('finishedAt' in outcome)) return outcome
    return {kind: 'errored', ...problem, finishedAt: outcome.finishedAt}
  })
  return {...batch, outcomes}
}
