import {resolve} from 'node:path'

import {Flags, type Interfaces} from '@oclif/core'

import Prepare, {subjectList} from './prepare.js'
import Score from './score.js'
import {BenchCommand} from '../cli/base-command.js'
import {benchmarkScoreNotes, renderBenchmarkScoreLine} from '../cli/benchmark-score-output.js'
import {applyHostFlags, hostFlags} from '../cli/host-flags.js'
import {renderRunCard, renderRunHeader, renderWaitingRun} from '../cli/run-card.js'
import {RunDisplay} from '../cli/run-display.js'
import {renderScenarioRunCard, toScenarioRunCard, type ScenarioRunCard} from '../cli/scenario-card.js'
import {scoreNotes} from '../cli/score-output.js'
import {renderSpendingPlan} from '../cli/spending-card.js'
import {spendingFlags} from '../cli/spending-flags.js'
import {thinkingFromFlags} from '../cli/thinking-flags.js'
import {readManifest, type Split} from '../core/batch/manifest.js'
import type {BenchmarkRunOutcome, BenchmarkRunSettings} from '../core/benchmarks/run-benchmark.js'
import {runLaytonJob, type LaytonRunOutcome} from '../core/run/layton-run.js'
import type {RunSettings} from '../core/run/run-record.js'
import {DEFAULT_PACE, type PollPace} from '../core/run/wait-for-batches.js'
import {runScenario} from '../core/scenario/run-scenario.js'
import type {ScoreField} from '../core/score/judgement.js'
import type {ProviderName} from '../providers/names.js'

export default class Run extends BenchCommand {
  static override streamsFiles = true
  static override summary = 'Run the whole job, dataset to score, in one resumable command.'

  static override description = `Prepares the Layton prediction batch (the flags of \`bench prepare\`), submits it, waits, downloads the results, resubmits the requests that failed for a transient reason (up to --max-attempts per batch), builds the jury's three judge batches, runs them the same way, and prints the score (the flags of \`bench score\`). While batches run, one line per batch shows its state, counts, elapsed time and time to the vendor's deadline.

Where the run stands is recorded in processed_files/NAME.run.json: after Ctrl-C, a crash or a reboot, the same command (or \`bench run --resume NAME\`) continues where it stopped, and nothing is sent twice. --detach sends what can be sent and exits; run it again later to go on. Polls start every few seconds and slow to minutes for long batches (--poll-seconds, --max-poll-seconds).

With --benchmark NAME (the flags of \`bench prepare --benchmark\`), a standard benchmark instead: its batch, for XSTest its judge batches, and the score of \`bench score --results\`; --seed also seeds the questions (TruthfulQA's choice order).

--max-cost bounds the whole run's estimated cost (the prediction batch, its retries, and the judge batches, projected until they are written): the command refuses, sending nothing, when the estimate is over the limit or unknown. --dry-run prepares the prediction batch and prints what the run would send.`

  // Written out: oclif's own USAGE line reads the exclusions of --scenario, --benchmark and --resume as alternatives.
  static override usage = [
    '<%= command.id %> --provider VENDOR --model MODEL [the flags of prepare] [--judges FILE] [--calibration FILE] [the flags of score] [--max-attempts N] [--wait | --detach] [--poll-seconds N] [--max-poll-seconds N] [--max-cost USD] [--dry-run] [--prices FILE] [--allow-host HOST] [--json]',
    '<%= command.id %> --benchmark NAME --provider VENDOR --model MODEL [the --benchmark flags of prepare] [--max-attempts N] [--wait | --detach] [--poll-seconds N] [--max-poll-seconds N] [--max-cost USD] [--dry-run] [--prices FILE] [--allow-host HOST] [--json]',
    '<%= command.id %> --resume NAME [--wait | --detach] [--allow-host HOST] [--json]',
    '<%= command.id %> --scenario FILE [--wait | --detach] [--allow-host HOST] [--json]',
  ]

  static override examples = [
    '<%= config.bin %> <%= command.id %> --split llm --hints 0 --provider openai --model gpt-4.1',
    '<%= config.bin %> <%= command.id %> --split llm --provider openai --model gpt-4.1 --calibration ppi_llm.jsonl --max-cost 20',
    '<%= config.bin %> <%= command.id %> --split llm --provider openai --model gpt-4.1 --detach',
    '<%= config.bin %> <%= command.id %> --resume benchmark_openai_gpt-4-1_llm_hints_0',
    '<%= config.bin %> <%= command.id %> --scenario scenario.yaml --wait',
    '<%= config.bin %> <%= command.id %> --benchmark mmlu --shots 5 --provider openai --model gpt-4.1 --max-cost 10',
    '<%= config.bin %> <%= command.id %> --benchmark xstest --provider anthropic --model claude-sonnet-4-5 --max-tokens 1000',
  ]

  static override flags = {
    ...hostFlags,
    // The Layton flags of `bench prepare`, by name: a flag added there for another form stays there.
    provider: Flags.string({...Prepare.flags.provider, required: false}),
    model: Flags.string({...Prepare.flags.model, required: false}),
    split: Prepare.flags.split,
    hints: Prepare.flags.hints,
    'max-tokens': Prepare.flags['max-tokens'],
    'thinking-level': Prepare.flags['thinking-level'],
    'thinking-budget': Prepare.flags['thinking-budget'],
    limit: Prepare.flags.limit,
    dataset: Prepare.flags.dataset,
    'max-batch-requests': Prepare.flags['max-batch-requests'],
    name: Flags.string({description: 'Run (and prediction batch) name (default: benchmark_<provider>_<model>_<split>_hints_<n>[_thinking_<x>]; with --benchmark, as `bench prepare` names it).'}),
    benchmark: Prepare.flags.benchmark,
    shots: Prepare.flags.shots,
    'shots-dataset': Prepare.flags['shots-dataset'],
    subjects: Prepare.flags.subjects,
    judges: Flags.string({description: 'A judges file replacing the default pool (see `bench jury --help`).'}),
    calibration: Score.flags.calibration,
    'field-name': Score.flags['field-name'],
    resamples: Score.flags.resamples,
    seed: Score.flags.seed,
    'max-attempts': Flags.integer({description: 'Attempts per batch, the first included: transient failures are resubmitted until then.', min: 1, default: 3}),
    resume: Flags.string({description: 'Continue the run of this name, with the settings it was begun with.', exclusive: ['provider', 'model', 'name']}),
    detach: Flags.boolean({description: 'Send what can be sent now and exit; run again (or --resume) to go on.', default: false}),
    wait: Flags.boolean({description: 'Wait until every batch has ended: the default, said outright (e.g. `--scenario FILE --wait`).', exclusive: ['detach']}),
    scenario: Flags.string({
      description: 'A scenario file (JSON or YAML) of models x tasks: prepare, start and wait for every model, and write each one\'s results, instead of the Layton job.',
      exclusive: ['provider', 'model', 'resume', 'name', 'dataset', 'limit', 'judges', 'calibration'],
    }),
    'poll-seconds': Flags.integer({description: 'First pause between two looks at the batches; it grows with their age.', min: 1, default: DEFAULT_PACE.firstSeconds}),
    'max-poll-seconds': Flags.integer({description: 'Longest pause between two looks.', min: 1, default: DEFAULT_PACE.maxSeconds}),
    ...spendingFlags,
  }

  async run(): Promise<LaytonRunOutcome | ScenarioRunCard | BenchmarkRunOutcome> {
    const {flags} = await this.parse(Run)
    applyHostFlags(flags)
    const pace: PollPace = {firstSeconds: flags['poll-seconds'], maxSeconds: Math.max(flags['poll-seconds'], flags['max-poll-seconds'])}
    if (flags.scenario !== undefined) {
      const card = await scenarioRun(flags.scenario, !flags.detach, pace)
      this.log(renderScenarioRunCard(card))
      return card
    }
    const display = new RunDisplay(process.stderr)
    const job = {
      name: flags.name,
      resume: flags.resume,
      maxCost: flags['max-cost'],
      pricesFile: flags.prices,
      dryRun: flags['dry-run'],
      detach: flags.detach,
      pace,
      onPoll: (views: Parameters<RunDisplay['poll']>[0]) => display.poll(views),
      onEvent: (text: string) => display.event(text),
    }
    const benchmarks = await import('../core/benchmarks/run-benchmark.js')
    const benchmark = flags.benchmark !== undefined || (flags.resume !== undefined && (await benchmarks.isBenchmarkRun(flags.resume)))
    const outcome = benchmark
      ? await benchmarks.runBenchmarkJob({...job, settings: benchmarkSettingsOf(flags)})
      : await runLaytonJob({...job, settings: flags.provider === undefined || flags.model === undefined ? undefined : settingsOf(flags as typeof flags & {provider: string; model: string})})
    display.finish()
    if (outcome.state === 'dry-run') this.log(renderSpendingPlan(outcome.plan, `Dry run of ${outcome.name}: nothing was sent`))
    else if (outcome.state === 'waiting') this.log(renderWaitingRun(outcome.record, outcome.sends_to))
    else if ('kind' in outcome.record) {
      const score = outcome.record.score!
      for (const note of benchmarkScoreNotes(score)) this.logToStderr(note)
      this.log(`${renderRunHeader(`Run ${outcome.record.name} finished`, outcome.sends_to)}\n\n${renderBenchmarkScoreLine(score)}`)
    } else {
      const batches = await Promise.all([outcome.record.name, ...(outcome.record.judges ?? [])].map((name) => readManifest(name)))
      for (const note of scoreNotes(outcome.record.score!)) this.logToStderr(note)
      this.log(renderRunCard(outcome.record, batches, outcome.sends_to))
    }
    return outcome
  }
}

/** `bench run --benchmark`'s settings from the flags; undefined without --benchmark, --provider and --model (a resume). */
function benchmarkSettingsOf(flags: Interfaces.InferredFlags<typeof Run.flags>): BenchmarkRunSettings | undefined {
  if (flags.benchmark === undefined || flags.provider === undefined || flags.model === undefined) return undefined
  const thinking = thinkingFromFlags(flags)
  return {
    benchmark: flags.benchmark,
    provider: flags.provider as ProviderName,
    model: flags.model,
    ...(flags.dataset !== undefined && {datasetPath: resolve(flags.dataset)}),
    ...(flags['shots-dataset'] !== undefined && {shotsPath: resolve(flags['shots-dataset'])}),
    shots: flags.shots ?? 0,
    ...(flags.subjects !== undefined && {subjects: subjectList(flags.subjects)}),
    ...(flags.limit !== undefined && {limit: flags.limit}),
    seed: flags.seed,
    ...(flags['max-tokens'] !== undefined && {maxTokens: flags['max-tokens']}),
    ...(thinking !== undefined && {thinking}),
    ...(flags['max-batch-requests'] !== undefined && {maxBatchRequests: flags['max-batch-requests']}),
    ...(flags.judges !== undefined && {judges: resolve(flags.judges)}),
    resamples: flags.resamples,
    max_attempts: flags['max-attempts'],
  }
}

/** `bench run --scenario`: every model's batch at once (see core/scenario/run-scenario.ts). */
async function scenarioRun(path: string, wait: boolean, pace: PollPace): Promise<ScenarioRunCard> {
  const display = new RunDisplay(process.stderr)
  const outcome = await runScenario({path, wait, pace, onPoll: (views) => display.poll(views)})
  display.finish()
  return toScenarioRunCard(outcome)
}

/** The run's settings from the flags; paths made absolute, so a resume from elsewhere reads the same files. */
function settingsOf(flags: {
  provider: string
  model: string
  split: string
  hints: number
  dataset?: string
  'max-tokens'?: number
  'thinking-level'?: string
  'thinking-budget'?: number
  limit?: number
  'max-batch-requests'?: number
  judges?: string
  calibration?: string
  'field-name': string
  seed: number
  resamples: number
  'max-attempts': number
}): RunSettings {
  const thinking = thinkingFromFlags(flags)
  return {
    provider: flags.provider as ProviderName,
    model: flags.model,
    split: flags.split as Split,
    hints: flags.hints,
    ...(flags.dataset !== undefined && {dataset: resolve(flags.dataset)}),
    ...(flags['max-tokens'] !== undefined && {max_tokens: flags['max-tokens']}),
    ...(thinking !== undefined && {thinking}),
    ...(flags.limit !== undefined && {limit: flags.limit}),
    ...(flags['max-batch-requests'] !== undefined && {max_batch_requests: flags['max-batch-requests']}),
    ...(flags.judges !== undefined && {judges: resolve(flags.judges)}),
    ...(flags.calibration !== undefined && {calibration: flags.calibration === 'hub' ? 'hub' : resolve(flags.calibration)}),
    field: flags['field-name'] as ScoreField,
    seed: flags.seed,
    resamples: flags.resamples,
    max_attempts: flags['max-attempts'],
  }
}

