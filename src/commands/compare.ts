import {Args, Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {formatBytes} from '../cli/card.js'
import {writeFileAtomic} from '../core/atomic.js'
import type {BenchmarkComparison} from '../core/benchmarks/compare-benchmarks.js'
import {compareModels, type CompareReport} from '../core/compare/compare.js'
import {listFiles} from '../core/compare/evaluation-sources.js'
import {loadPriceTable} from '../core/pricing/price-table.js'
import {isGradingFile, scoreGradingFiles, type GradingReport} from '../core/rubric/rubric-score.js'
import {SCORE_FIELDS, type ScoreField} from '../core/score/judgement.js'
import type {CandidatesReport} from '../core/judges/candidate-report.js'
import {readCandidatesReport} from '../core/judges/saved-report.js'
import {REPORT_FORMATS, renderComparison, reportPartsJson, type ReportFormat} from '../report/render.js'

export default class Compare extends BenchCommand {
  static override streamsFiles = true
  static override summary = 'Compare evaluated models and their judges: leaderboard, paired tests, categories, cost, and an HTML report.'

  static override description = `Takes judge files (bench's results of judge batches, or batchling's judge_<model>_by_<judge>.jsonl) and directories of them, groups them by the evaluated batch as \`bench score\` does (files that are not judge results are skipped and listed), and scores each model. Reports a leaderboard per split and hints level (score, 95% interval, rank and rank spread, failed requests, answers not judged because refused, blocked or truncated, tokens, cost at batch prices, wall time): runs of different splits or hints levels are never ranked together. Then every pair of models of a leaderboard compared on the riddles both have (paired bootstrap interval of the difference of mean jury values, McNemar's exact test on solved or not, which the table names when the two disagree, correlation, the smallest difference n can detect; "not compared" when they share no riddle), scores per category (with --dataset, or the batches' own dataset files) and per hints level, answers files that no judge file judged ("not judged"), and the judges: their agreement with the human labels of --calibration, with each other, their failure rate, and each one's effect on each model's score.

Standard benchmark batches (bench prepare --benchmark) among the paths are scored as \`bench score --results\` does and compared per benchmark: a leaderboard, paired tests on the questions both models have (paired bootstrap, McNemar), a per-subject table, and with --weights FILE ({"mmlu": 2, "gsm8k": 1, ...}) a weighted overall score (a model missing a weighted benchmark gets none).

--judges adds a \`bench judges\` run (its name, or the report it saved in results/): the candidate judges against people with the closing choice, against each other, over repeats, their errors, time and cost; in the HTML report a section of its own, with a grid of the candidates' kappa.

--format html writes one self-contained page (no network) with charts and a filterable table of every riddle; csv and json carry the same numbers; md is for pasting in a pull request. Cost and wall time are "unknown" for batchling files, which record neither.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> ../data/layton/llm --calibration ../data/layton/ppi_llm.jsonl',
    '<%= config.bin %> <%= command.id %> results/ --format html --out report.html',
    '<%= config.bin %> <%= command.id %> results/judge_*.jsonl --format csv --out compare.csv --prices my-prices.json',
    '<%= config.bin %> <%= command.id %> results/ --weights weights.json --format md',
    '<%= config.bin %> <%= command.id %> results/ --judges judges_ppi_llm --format html --out report.html',
  ]

  static override strict = false

  static override args = {
    paths: Args.string({description: 'Judge files, benchmark results files, or directories holding them.', required: true}),
  }

  static override flags = {
    calibration: Flags.string({description: 'Human-labelled pool ppi_<split>.jsonl: calibrated scores, and each judge against the human labels.'}),
    format: Flags.string({description: 'Output format.', options: [...REPORT_FORMATS], default: 'table'}),
    out: Flags.string({description: 'Write the output to this file instead of stdout.'}),
    'field-name': Flags.string({description: 'Which verdict to score.', options: [...SCORE_FIELDS], default: 'both_correct'}),
    dataset: Flags.string({description: 'Dataset JSONL giving each riddle its category (default: the batches’ own dataset files).'}),
    prices: Flags.string({description: "A price file laid over bench's data/prices.json (also $BENCH_PRICES)."}),
    resamples: Flags.integer({description: 'Resamples of the paired bootstrap and of the published calibrated interval.', min: 100, default: 10_000}),
    seed: Flags.integer({description: 'Seed of the resampling.', default: 0}),
    judges: Flags.string({description: 'A bench judges run to add: its name (judges_<labels>) or the report it saved (results/<name>.json).'}),
    weights: Flags.string({description: 'A JSON file of benchmark weights, e.g. {"mmlu": 2, "gsm8k": 1}: adds a weighted overall score over the standard benchmarks.'}),
  }

  async run(): Promise<Partial<CompareReport> & {benchmarks?: BenchmarkComparison; rubric?: readonly GradingReport[]; candidate_judges?: CandidatesReport}> {
    const {argv, flags} = await this.parse(Compare)
    const candidateJudges = flags.judges === undefined ? undefined : await readCandidatesReport(flags.judges)
    const {compareBenchmarks} = await import('../core/benchmarks/compare-benchmarks.js')
    const benchmarks = await compareBenchmarks({paths: argv as string[], prices: loadPriceTable(flags.prices), weightsFile: flags.weights, resamples: flags.resamples, seed: flags.seed})
    const rubric = await gradedReports(argv as string[])
    const comparison = await compareModels({
      paths: argv as string[],
      field: flags['field-name'] as ScoreField,
      calibration: flags.calibration,
      dataset: flags.dataset,
      prices: flags.prices,
      resamples: flags.resamples,
      seed: flags.seed,
      answers: flags.format === 'html' && !this.jsonEnabled(),
      optional: benchmarks !== undefined || rubric.length > 0 || candidateJudges !== undefined,
    })
    const parts = {benchmarks, rubric, candidateJudges}
    const report = {...comparison?.report, ...reportPartsJson(parts)}
    if (this.jsonEnabled()) return report
    const output = await renderComparison(comparison, flags.format as ReportFormat, parts)
    if (flags.out === undefined) process.stdout.write(output)
    else {
      await writeFileAtomic(flags.out, output)
      const models = new Set([...(comparison?.report.leaderboard ?? []), ...(benchmarks?.benchmarks.flatMap((board) => board.leaderboard) ?? [])].map((row) => row.label)).size
      const candidates = candidateJudges === undefined ? '' : `, ${candidateJudges.candidates.length} candidate judges`
      this.log(`Wrote ${flags.out} (${formatBytes(Buffer.byteLength(output))}, ${flags.format}, ${models} models${candidates})`)
    }
    return report
  }
}

/** The rubric juries' verdicts among the paths (bench jury --rubric), scored per graded batch. */
async function gradedReports(paths: readonly string[]): Promise<GradingReport[]> {
  const graded: string[] = []
  for (const file of await listFiles(paths)) if (await isGradingFile(file).catch(() => false)) graded.push(file)
  return graded.length === 0 ? [] : scoreGradingFiles(graded)
}
