import {join} from 'node:path'

import type {CandidatesReport} from './candidate-report.js'
import {writeFileAtomic} from '../atomic.js'
import {RESULTS_DIR} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {readJsonOrYaml} from '../json-or-yaml.js'
import {count, either, finite, flag, listOf, literal, nullable, record, text, type Shape} from '../json-shape.js'
import {REPEAT_RULE} from '../jury/repeats.js'

/** Where `bench judges` keeps its last report: `results/<run name>.json`, beside its batches' results. */
export function savedReportPath(name: string): string {
  return join(RESULTS_DIR, `${name}.json`)
}

/** Saves the report `bench judges` printed, for `bench compare --judges` to show. Returns the path. */
export async function saveCandidatesReport(report: CandidatesReport): Promise<string> {
  const path = savedReportPath(report.name)
  await writeFileAtomic(path, JSON.stringify(report, null, 2) + '\n')
  return path
}

/**
 * A judges run's report, by the run's name (`judges_ppi_llm`, read from results/) or by file (what
 * `bench judges` saved, or its `--json` output). Checked field by field: it is rendered as it is.
 */
export async function readCandidatesReport(run: string): Promise<CandidatesReport> {
  const file = /[\\/]|\.json$/.test(run) ? run : savedReportPath(run)
  const value = await readJsonOrYaml(file, 'judges report', '--judges (a bench judges run name, or the report it saved in results/)')
  const problem = REPORT(value, '') ?? crossCheck(value as CandidatesReport)
  if (problem !== undefined) throw new UserError(`${file} is not a bench judges report: ${problem}; pass the report bench judges saved (results/judges_<labels>.json) or its --json output`)
  return value as CandidatesReport
}

/** What the fields alone cannot say: every name refers to a candidate, and a choice of a cheaper one carries its comparison. */
function crossCheck(report: CandidatesReport): string | undefined {
  const names = new Set(report.candidates.map((row) => row.candidate))
  const stray = [...report.agreement.flatMap((pair) => [pair.first, pair.second]), ...(report.choice === null ? [] : [report.choice.best, report.choice.cheapest ?? report.choice.best])].find((name) => !names.has(name))
  if (stray !== undefined) return `"${stray}" is named but is not among its candidates`
  const choice = report.choice
  if (choice?.cheapest !== undefined && choice.cheapest !== choice.best && (choice.versus_best === undefined || choice.distinguishable === undefined)) return 'choice.versus_best and choice.distinguishable are missing'
  return undefined
}

const ESTIMATE = record({value: nullable(finite), low: nullable(finite), high: nullable(finite)})

const CANDIDATE_ROW = record({
  candidate: text,
  provider: text,
  model: text,
  batches: listOf(text),
  metrics: record({
    n: count,
    confusion: record({tp: count, fp: count, fn: count, tn: count}),
    accuracy: ESTIMATE,
    precision: ESTIMATE,
    recall: ESTIMATE,
    f1: ESTIMATE,
    cohen_kappa: ESTIMATE,
  }),
  no_verdict: count,
  consistency: record({repeats: count, complete_items: count, all_agree: nullable(finite), fleiss_kappa: nullable(finite), per_repeat_mean: listOf(nullable(finite))}),
  errors: record({requests: count, failed: count, refused: count, unparsed: count, rate: finite}),
  turnaround_seconds_per_1000: nullable(finite),
  latency_ms: nullable(record({median: finite, p95: finite})),
  cost_per_1000_verdicts: either(finite, literal('unknown')),
})

const REPORT: Shape = record({
  name: text,
  labels: record({file: text, kind: literal('layton pool', 'jsonl'), answers: count, unlabelled: count, positives: count}),
  criterion: text,
  repeats: count,
  repeat_rule: literal(REPEAT_RULE),
  seed: finite,
  candidates: listOf(CANDIDATE_ROW),
  agreement: listOf(record({first: text, second: text, n: count, cohen_kappa: nullable(finite)})),
  choice: nullable(
    record(
      {margin: finite, best: text, unknown_cost: listOf(text)},
      {cheapest: text, distinguishable: flag, versus_best: record({n: count, first_only: count, second_only: count, mcnemar_p: finite, kappa_difference: ESTIMATE})},
    ),
  ),
})
