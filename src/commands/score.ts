import {Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {benchmarkScoreNotes, renderBenchmarkScoreLine} from '../cli/benchmark-score-output.js'
import {renderScoreLine, scoreNotes} from '../cli/score-output.js'
import type {BenchmarkScoreReport} from '../core/benchmarks/score-benchmark.js'
import {SCORE_FIELDS, type ScoreField} from '../core/score/judgement.js'
import {scoreJudgeFiles, type ScoreReport} from '../core/score/score.js'

export default class Score extends BenchCommand {
  static override streamsFiles = true
  static override summary = "Score a model from its judges' verdicts: the published calibrated score, or the jury mean."

  static override description = `Per riddle, the jury value is the mean of the available judges' verdicts on the field (both_correct = answer and justification correct). With --calibration (a ppi_<split>.jsonl of human-labelled jury verdicts), prints the published calibrated score: stratified resampling of the labelled rows of other providers, the midpoint of the 95% percentile interval and its half-width. Without it, prints the jury mean with a bootstrap 95% interval over riddles.

With --results, scores a standard benchmark's batch instead (bench prepare --benchmark): every answer graded against the batch's answer key, a refused or unreadable answer counted as wrong and counted by kind; XSTest's answers classified by the judge batches \`bench jury\` made for it. --json adds the rows per subject, category or type, each with n, and BBQ's bias scores.

Reads bench's own judge results (results/<name>.jsonl, identified by their batch record) and batchling judge files named judge_<provider>_<model>_<split>_hints_<n>_by_<judge provider>_<judge model>.jsonl; any number of judges. A riddle a judge gave no verdict on is scored on the judges it has. Seeded: the same files and seed print the same numbers. --json adds per-judge scores, agreement between judges (percent, Cohen's and Fleiss' kappa), leave-one-judge-out scores and the riddles with missing verdicts.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --judge-files results/judge_openai_gpt-5-1_llm_hints_0_by_*.jsonl --calibration ppi_llm.jsonl',
    '<%= config.bin %> <%= command.id %> --judge-files a.jsonl b.jsonl c.jsonl --field-name is_answer_correct',
    '<%= config.bin %> <%= command.id %> --judge-files results/judge_*.jsonl --resamples 2000 --seed 7 --json',
    '<%= config.bin %> <%= command.id %> --results results/mmlu_openai_gpt-4-1_shots_5.jsonl --json',
  ]

  static override flags = {
    'judge-files': Flags.string({description: 'Judge result files, one per judge (the shell expands globs).', multiple: true}),
    results: Flags.string({description: 'The results file of a benchmark batch (prepared with --benchmark), instead of judge files.', exclusive: ['judge-files', 'calibration']}),
    'field-name': Flags.string({description: 'Which verdict to score.', options: [...SCORE_FIELDS], default: 'both_correct'}),
    calibration: Flags.string({description: 'Human-labelled pool ppi_<split>.jsonl for the published calibrated score ("hub": rvienne/layton-eval-ppi).'}),
    provider: Flags.string({description: "Provider of the judged model, when the judge files' names do not say (its rows leave the calibration pool)."}),
    resamples: Flags.integer({description: 'Bootstrap replicates.', min: 1, default: 10_000}),
    seed: Flags.integer({description: 'Seed of the resampling.', default: 0}),
  }

  async run(): Promise<ScoreReport | BenchmarkScoreReport> {
    const {flags} = await this.parse(Score)
    if (flags.results !== undefined) {
      const {scoreBenchmarkResults} = await import('../core/benchmarks/score-benchmark.js')
      const {report} = await scoreBenchmarkResults({resultsFile: flags.results, resamples: flags.resamples, seed: flags.seed})
      for (const note of benchmarkScoreNotes(report)) this.logToStderr(note)
      this.log(renderBenchmarkScoreLine(report))
      return report
    }
    if (flags['judge-files'] === undefined) this.error('Missing required flag judge-files: pass --judge-files FILES (Layton verdicts) or --results FILE (a benchmark batch)', {exit: 2})
    const report = await scoreJudgeFiles({
      judgeFiles: flags['judge-files'],
      field: flags['field-name'] as ScoreField,
      calibration: flags.calibration,
      provider: flags.provider,
      resamples: flags.resamples,
      seed: flags.seed,
    })
    for (const note of scoreNotes(report)) this.logToStderr(note)
    this.log(renderScoreLine(report))
    return report
  }
}
