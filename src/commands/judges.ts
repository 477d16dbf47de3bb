import {Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {applyHostFlags, hostFlags} from '../cli/host-flags.js'
import {candidatesNotes, renderCandidatesReport} from '../cli/judges-output.js'
import {RunDisplay} from '../cli/run-display.js'
import {renderSpendingPlan} from '../cli/spending-card.js'
import {spendingFlags} from '../cli/spending-flags.js'
import {candidatesName, guardCandidates, prepareCandidates, refreshed, requireResults, runCandidates} from '../core/judges/candidate-batches.js'
import {candidatesReport, type CandidatesReport} from '../core/judges/candidate-report.js'
import {readCandidates} from '../core/judges/candidates.js'
import {readLabels} from '../core/judges/labels.js'
import {saveCandidatesReport} from '../core/judges/saved-report.js'
import {MAX_REPEATS} from '../core/jury/repeats.js'
import {writeFileAtomic} from '../core/atomic.js'
import {loadPriceTable} from '../core/pricing/price-table.js'
import type {SpendingPlan} from '../core/pricing/spending-guard.js'
import {SCORE_FIELDS, type ScoreField} from '../core/score/judgement.js'
import {DEFAULT_PACE} from '../core/run/wait-for-batches.js'

export default class Judges extends BenchCommand {
  static override streamsFiles = true
  static override summary = 'Put candidate judge models to the test on answers people have labelled: agreement, self-consistency, errors, time and cost.'

  static override description = `Runs every candidate judge (any of the six vendors, or an OpenAI-compatible endpoint) over answers people have labelled correct or not, and reports one row per candidate: accuracy, precision, recall, F1 and Cohen's kappa against the people, each with a 95% interval; its agreement with itself over --repeats (share of answers on which all repeats agree, Fleiss' kappa); its error rate (requests that failed, were refused or blocked, or did not answer with a verdict); turnaround (seconds from batch creation to its end per 1,000 requests; for endpoints, latency per request, median and 95th percentile); and its cost per 1,000 verdicts at batch prices. A closing line names the cheapest candidate whose kappa is within --margin of the best, and says whether the data can tell the two apart (McNemar's exact test and a paired bootstrap of the kappa difference, on the same answers).

--candidates: {"candidates": ["openai/gpt-5.1", {"model": "anthropic/claude-sonnet-4-5", "max_tokens": 2000}, "ollama/llama3.1"]} (JSON or YAML). --labels: a JSONL of {"prediction", "label": true | false, "reference"?, "question"?, "id"?}, or a Layton calibration pool (ppi_<split>.jsonl) with --predictions DIR (its models' answer files) and the riddles from --dataset FILE or the Hub cache; --field picks its human label.

Each candidate is asked, in one batch, whether each answer is correct (a strict {"correct": true | false} verdict, the reference shown where there is one), --repeats times; its verdict on an answer is the majority of its repeats (a tie goes to the earliest). Resumable: run the same command again and it continues; with a higher --repeats it sends only the missing repeats. --max-cost checks the estimate before anything is sent; --dry-run sends nothing.

The report is saved as results/<name>.json (name: judges_<labels file name>, or --name): \`bench compare PATHS --judges <name>\` adds it to compare's report, in every format.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --candidates candidates.json --labels labelled.jsonl',
    '<%= config.bin %> <%= command.id %> --candidates candidates.yaml --labels ppi_llm.jsonl --predictions answers/ --repeats 3 --max-cost 5',
    '<%= config.bin %> <%= command.id %> --candidates candidates.json --labels labelled.jsonl --detach',
    '<%= config.bin %> <%= command.id %> --candidates candidates.json --labels labelled.jsonl --margin 0.1 --json',
    '<%= config.bin %> <%= command.id %> --candidates candidates.json --labels labelled.jsonl --html judges.html',
  ]

  static override flags = {
    candidates: Flags.string({description: 'The candidate judges: {"candidates": ["<provider>/<model>", {"model", "max_tokens"?, "thinking"?}]}.', required: true}),
    labels: Flags.string({description: 'Labelled answers: a JSONL of {"prediction", "label", "reference"?, "question"?}, or a Layton ppi_<split>.jsonl.', required: true}),
    predictions: Flags.string({description: "With a Layton pool: the folder of its models' answer files."}),
    dataset: Flags.string({description: 'With a Layton pool: a local Layton dataset file for the riddles (default: the Hub dataset).'}),
    field: Flags.string({description: 'With a Layton pool: which human label the candidates are measured against.', options: [...SCORE_FIELDS], default: 'both_correct'}),
    repeats: Flags.integer({description: 'Verdicts per answer per candidate; a higher N later sends only the missing repeats.', min: 1, max: MAX_REPEATS, default: 1}),
    margin: Flags.string({description: 'Kappa within this of the best counts as good enough for the closing line.', default: '0.05'}),
    name: Flags.string({description: 'Prefix of the batch names (default: judges_<labels file name>).'}),
    seed: Flags.integer({description: 'Seed of the bootstrap intervals.', default: 0}),
    html: Flags.string({description: "Also write the report as a self-contained HTML page (candidates, agreement matrix, repeats, errors, time and cost) to this file: compare's report with this section alone."}),
    detach: Flags.boolean({description: 'Send what can be sent and exit; run again to go on.', default: false}),
    'poll-seconds': Flags.integer({description: 'First pause between two looks at the batches.', min: 1, default: DEFAULT_PACE.firstSeconds}),
    'max-poll-seconds': Flags.integer({description: 'Longest pause between two looks.', min: 1, default: DEFAULT_PACE.maxSeconds}),
    ...spendingFlags,
    ...hostFlags,
  }

  async run(): Promise<CandidatesReport | {dry_run: SpendingPlan} | {waiting: string[]}> {
    const {flags} = await this.parse(Judges)
    applyHostFlags(flags)
    const margin = Number(flags.margin)
    if (!(margin >= 0 && margin <= 2)) this.error(`--margin must be a kappa difference from 0 to 2, e.g. 0.05; got ${flags.margin}`, {exit: 2})
    const candidates = await readCandidates(flags.candidates)
    const set = await readLabels(flags.labels, {predictions: flags.predictions, dataset: flags.dataset, field: flags.field as ScoreField})
    const prepared = await prepareCandidates(set, candidates, flags.repeats, candidatesName(flags.labels, flags.name))
    const plan = guardCandidates(prepared, {maxCost: flags['max-cost'], pricesFile: flags.prices})
    if (flags['dry-run']) {
      this.log(renderSpendingPlan(plan, `Dry run of ${prepared.name}: nothing was sent`))
      return {dry_run: plan}
    }
    const display = new RunDisplay(process.stderr)
    const finished = await runCandidates(prepared, {wait: !flags.detach, pace: {firstSeconds: flags['poll-seconds'], maxSeconds: flags['max-poll-seconds']}, onPoll: (views) => display.poll(views)})
    display.finish()
    const now = await refreshed(prepared)
    if (!finished) {
      const waiting = now.candidates.flatMap((entry) => entry.manifests).filter((manifest) => manifest.results === undefined).map((manifest) => manifest.name)
      this.log(`${waiting.length} candidate batches still running (${waiting.join(', ')}): run the same command again to go on`)
      return {waiting}
    }
    requireResults(now)
    const report = await candidatesReport(now, set, {repeats: flags.repeats, margin, seed: flags.seed, prices: loadPriceTable(flags.prices)})
    for (const note of candidatesNotes(report)) this.logToStderr(note)
    const saved = await saveCandidatesReport(report)
    this.logToStderr(`Saved ${saved}: bench compare PATHS --judges ${report.name} shows it beside the models`)
    if (flags.html !== undefined) {
      const {renderComparison} = await import('../report/render.js')
      await writeFileAtomic(flags.html, await renderComparison(undefined, 'html', {candidateJudges: report}))
      this.logToStderr(`Wrote ${flags.html}`)
    }
    this.log(renderCandidatesReport(report))
    return report
  }
}
