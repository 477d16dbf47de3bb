import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {applyHostFlags, hostFlags} from '../cli/host-flags.js'
import {renderJuryCard, toJuryCard, type JuryCard} from '../cli/jury-card.js'
import {renderRubricJuryCard, toRubricJuryCard, type RubricJuryCard} from '../cli/rubric-jury-card.js'
import {renderSpendingPlan} from '../cli/spending-card.js'
import {spendingFlags} from '../cli/spending-flags.js'
import {RESULTS_DIR} from '../core/batch/manifest.js'
import {submissionProgress} from '../core/batch/start.js'
import {UserError} from '../core/errors.js'
import {noteProgress} from '../core/interruption.js'
import {prepareJury, startJury} from '../core/jury/jury.js'
import {MAX_REPEATS} from '../core/jury/repeats.js'
import {prepareRubricJury, startRubricJury} from '../core/rubric/rubric-jury.js'
import {guardSending, type SpendingPlan} from '../core/pricing/spending-guard.js'

export default class Jury extends BenchCommand {
  static override streamsFiles = true
  static override summary = "Prepare the judge batches of a model's results: three judges, three vendors."

  static override description = `Reads the results of the prediction batch NAME (results/NAME.jsonl, or the file given with --results-file-path) and the batch record of NAME (model, vendor, dataset, split, hints), reloads the riddles, and writes one judge batch per judge under processed_files/, named judge_<rest of NAME>_by_<judge vendor>_<judge model>. Each judge sees the riddle, its hints, the ground truth and the prediction, and answers {"is_answer_correct", "is_justification_correct"}. Judge batches are ordinary batches: \`bench start\`, \`get\` and \`results\` drive them, and \`bench score\` reads their results.

The panel comes from bench's data/judges.json (layton-eval's: OpenAI gpt-5.1, Gemini gemini-3-pro-preview, Anthropic claude-opus-4-5, Mistral mistral-large-2512): the evaluated vendor's own judge sits out and the first three others judge. Pass --judges FILE, a copy of it, to change the pool.

A prediction whose text is not the answer JSON is repaired when it can be (prose around it, a code fence, single quotes); a failed or unreadable one is judged with empty fields, so it counts as wrong, and the card lists it. A judge batch already submitted by an earlier run is left as it was.

--repeats N asks each judge N times about every prediction, in the judge's one batch (ids <id>, <id>__r2 ... <id>__rN, mapped back in the results). Run again with a higher N, it keeps the submitted batches and sends only the missing repeats, in one more batch per judge (judge_..._by_<judge>_r<from>-<to>); the same N sends nothing. bench score --judge-files results/*.jsonl groups a judge's batches as one judge: its verdict on each field (answer, justification) is the majority of its repeats, a tie going to the earliest repeat, and both_correct is both of those; it prints that rule, and per judge the share of riddles on which all repeats agree, Fleiss' kappa across the repeats and the score each repeat alone gives, and the jury's score with every judge's repeat k alone. XSTest's judges take no repeats.

With --rubric, grades any bench results file (a scenario's answers, a Layton batch's) instead: each judge gives every criterion of the rubric file its own field of a strict verdict ({"criteria": [{"name", "description", "scale": [1, 10] | "pass_fail"}]}, JSON or YAML), and, where a task has an expected answer, "matches_expected" (true or false). --rubric mt-bench is MT-bench's single 1-10 grade of the whole answer. The same panel rule, --judges, --start and --max-cost apply. Answers that failed, were refused, blocked or cut are not sent, and score at the bottom of every scale. --repeats N works as for riddles: a judge's verdict on each criterion is the majority of its repeats (a tie goes to the earliest). bench score then reports each criterion with its 95% interval, per task, and each judge's agreement with itself.

With --start, --max-cost checks the estimated cost of the judge batches still to send first and refuses, sending nothing, when it is over the limit or unknown; --dry-run prepares the batches and prints what would be sent, sending nothing.`

  static override usage = ['<%= command.id %> NAME [--judges FILE] [--repeats N] [--start [--max-cost USD] [--dry-run]] [--prices FILE] [--allow-host HOST] [--json]', '<%= command.id %> --results-file-path FILE [--judges FILE] [--start ...] [--allow-host HOST]']

  static override examples = [
    '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_llm_hints_0',
    '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_llm_hints_0 --start',
    '<%= config.bin %> <%= command.id %> --results-file-path results/benchmark_groq_kimi-k2_llm_hints_0.jsonl --judges my_judges.json --json',
    '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_llm_hints_0 --start --max-cost 20',
    '<%= config.bin %> <%= command.id %> benchmark_openai_gpt-4-1_llm_hints_0 --repeats 3 --start',
    '<%= config.bin %> <%= command.id %> support_openai_gpt-4-1-mini --rubric rubric.yaml --repeats 3 --start',
    '<%= config.bin %> <%= command.id %> --results-file-path results/support_openai_gpt-4-1-mini.jsonl --rubric mt-bench',
  ]

  static override args = {
    name: Args.string({description: 'The prediction batch whose results to judge (reads results/NAME.jsonl).'}),
  }

  static override flags = {
    ...hostFlags,
    'results-file-path': Flags.string({description: 'The results of a prediction batch, as written by `bench results`, in place of NAME.'}),
    judges: Flags.string({description: 'A judges file replacing the default pool (see data/judges.json for its shape).'}),
    rubric: Flags.string({description: 'Grade against a rubric file (JSON or YAML), or "mt-bench" for MT-bench\'s single 1-10 grade, instead of the Layton verdict.'}),
    repeats: Flags.integer({description: "Verdicts per prediction per judge, in the judge's batch (ids <id>__r<k>); a higher N later sends only the missing repeats.", min: 1, max: MAX_REPEATS}),
    start: Flags.boolean({description: 'Also submit the judge batches (like `bench start` on each).', default: false}),
    'max-cost': {...spendingFlags['max-cost'], dependsOn: ['start']},
    'dry-run': Flags.boolean({...spendingFlags['dry-run'], dependsOn: ['start']}),
    prices: spendingFlags.prices,
  }

  async run(): Promise<JuryCard | RubricJuryCard | ((JuryCard | RubricJuryCard) & {dry_run: SpendingPlan})> {
    const {args, flags} = await this.parse(Jury)
    applyHostFlags(flags)
    const resultsFile = resultsFileOf(args.name, flags['results-file-path'])
    if (flags.rubric !== undefined) {
      const outcome = await prepareRubricJury({
        resultsFile,
        rubricFile: flags.rubric === 'mt-bench' ? undefined : flags.rubric,
        judgesFile: flags.judges,
        repeats: flags.repeats ?? 1,
      })
      if (flags.start) {
        const plan = guardSending(outcome.batches.filter((batch) => batch.written).map((batch) => batch.manifest), {maxCost: flags['max-cost'], pricesFile: flags.prices})
        if (flags['dry-run']) {
          const card = toRubricJuryCard(outcome)
          this.log(`${renderRubricJuryCard(card)}\n\n${renderSpendingPlan(plan)}`)
          return {...card, dry_run: plan}
        }
      }
      const card = toRubricJuryCard(outcome, flags.start ? await startRubricJury(outcome) : [])
      this.log(renderRubricJuryCard(card))
      return card
    }
    const outcome = await prepareJury({resultsFile, judgesFile: flags.judges, repeats: flags.repeats})
    noteProgress({done: () => `the judge batches are written, and ${submissionProgress(outcome.batches.map((batch) => batch.manifest.name))}`})
    if (flags.start) {
      // What is still to send: a batch an earlier run submitted costs nothing more.
      const unsent = outcome.batches.map((batch) => batch.manifest).filter((manifest) => manifest.state !== 'submitted')
      const plan = guardSending(unsent, {maxCost: flags['max-cost'], pricesFile: flags.prices})
      if (flags['dry-run']) {
        const card = toJuryCard(outcome)
        this.log(`${renderJuryCard(card)}\n\n${renderSpendingPlan(plan)}`)
        return {...card, dry_run: plan}
      }
    }
    const starts = flags.start ? await startJury(outcome) : []
    const card = toJuryCard(outcome, starts)
    this.log(renderJuryCard(card))
    return card
  }
}

/** The results file to judge: the prediction batch NAME's, or the one given by path; one of the two. */
function resultsFileOf(name: string | undefined, path: string | undefined): string {
  if (name !== undefined && path !== undefined) throw new UserError(`give the prediction batch NAME or --results-file-path, not both (got ${name} and ${path})`)
  if (name !== undefined) {
    const file = join(RESULTS_DIR, `${name}.jsonl`)
    if (!existsSync(file)) throw new UserError(`no results of batch ${name} here (${file}): run \`bench results ${name}\` once it has finished, from the directory where it was prepared`)
    return file
  }
  if (path !== undefined) return path
  throw new UserError('which results to judge? pass the prediction batch NAME (bench jury NAME) or --results-file-path FILE')
}
