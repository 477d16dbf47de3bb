import type {CandidatesReport} from '../core/judges/candidate-report.js'

/** The sentence that ends `bench judges`, in the terminal and in the HTML page alike. */
export function closingLine(report: CandidatesReport): string {
  const choice = report.choice
  if (choice === null) return 'No candidate has a kappa against people (no verdicts, or one verdict throughout): nothing to choose.'
  const margin = choice.margin.toFixed(2)
  if (choice.cheapest === undefined) {
    return `Best kappa against people: ${choice.best}. No cheapest candidate within ${margin} of it can be named: cost unknown for ${choice.unknown_cost.join(', ')} (add their prices with --prices).`
  }
  const unknown = choice.unknown_cost.length === 0 ? '' : ` (${choice.unknown_cost.join(', ')} within the margin too, cost unknown: add a price)`
  if (choice.cheapest === choice.best) return `Choose ${choice.best}: the best kappa against people, and the cheapest within ${margin} of it${unknown}.`
  const versus = choice.versus_best!
  const difference = versus.kappa_difference
  const interval = difference.low === null ? 'no interval' : `95% CI ${difference.low.toFixed(2)} to ${difference.high!.toFixed(2)}`
  const verdict = choice.distinguishable
    ? 'the data tells them apart: the cheaper one is measurably worse'
    : 'the data cannot tell them apart'
  return `Choose ${choice.cheapest}: the cheapest candidate whose kappa against people is within ${margin} of the best (${choice.best}); on the ${versus.n} answers both judged, ${verdict} (kappa difference ${difference.value?.toFixed(2) ?? '-'}, ${interval}; McNemar p = ${versus.mcnemar_p.toFixed(3)})${unknown}.`
}
