import {Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {benchmarkScoreNotes, renderBenchmarkScoreLine} from '../cli/benchmark-score-output.js'
import {gradingNotes, renderGradingReports} from '../cli/grading-output.js'
import {renderScoreLine, renderScoreTable, scoreNotes} from '../cli/score-output.js'
import type {BenchmarkScoreReport} from '../core/benchmarks/score-benchmark.js'
import {isGradingFile, scoreGradingFiles, type GradingReport} from '../core/rubric/rubric-score.js'
import {skippedNotes} from '../core/score/judge-groups.js'
import {SCORE_FIELDS, type ScoreField} from '../core/score/judgement.js'
import {CI_CHOICES, scoreJudgeFiles, type CiChoice, type ScoreReport} from '../core/score/score.js'

export default class Score extends BenchCommand {
  static override streamsFiles = true
  static override summary = "Score models from their judges' verdicts: the published calibrated score, or the jury mean."

  static override description = `Per riddle, the jury value is the mean of the available judges' verdicts on the field (both_correct = answer and justification correct). Predictions the jury withheld from the judges (refused, blocked by a safety filter, truncated at the token limit) count as incorrect.

With --calibration (a ppi_<split>.jsonl of human-labelled jury verdicts), prints the published calibrated score: stratified resampling of the labelled rows of other providers, the midpoint of the 95% percentile interval and its half-width. That interval resamples only the human labels, not the riddles: --ci full prints the interval with the riddles resampled too (--json always gives both). Without --calibration, prints the jury mean with a 95% Wilson interval over riddles (continuity-corrected; chosen by the simulation in scripts/interval-coverage.js). Near 0% and 100% an interval is one-sided: ± gives its larger side and --json both ends. Under 30 riddles the interval is rough, and a note says so.

Takes any mix of files, e.g. results/*.jsonl: bench's judge results (identified by their batch record, or the judge_of of their lines when copied elsewhere) and batchling judge files named judge_<provider>_<model>_<split>_hints_<n>_by_<judge provider>_<judge model>.jsonl. Files that are not judge results (prediction results, anything else) are skipped, one note per kind. Judge files are grouped by the batch they judged: one batch prints one line, several print a table, one line each (--json: an array), each scored as if alone. The same judge twice in a batch is refused, but a judge's batches from bench jury --repeats (its first, and those that added repeats) are one judge: its verdict on each field is the majority of its repeats (a tie to the earliest), and the notes and --json add the rule, each judge's agreement with itself (all repeats agree, Fleiss' kappa) and the score of each repeat alone; a file that says nothing of what it judged is accepted, with a warning, only when its riddle ids are those of one batch. Seeded: the same files and seed print the same numbers. --json adds per-judge scores, agreement between judges (percent, Cohen's and Fleiss' kappa), leave-one-judge-out scores and the riddles with missing verdicts.

With --results, scores a standard benchmark's batch instead (bench prepare --benchmark): every answer graded against the batch's answer key, a refused or unreadable answer counted as wrong and counted by kind; XSTest's answers classified by the judge batches \`bench jury\` made for it. --json adds the rows per subject, category or type, each with n, and BBQ's bias scores.

Rubric verdicts (bench jury --rubric) among the judge files are scored per criterion instead: per graded batch, each criterion's mean grade (or percent that pass) with its 95% interval, a line per task, and, with repeats, each judge's agreement with itself and the rule that makes its verdict.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --judge-files results/*.jsonl',
    '<%= config.bin %> <%= command.id %> --judge-files results/judge_openai_gpt-5-1_llm_hints_0_by_*.jsonl --calibration ppi_llm.jsonl',
    '<%= config.bin %> <%= command.id %> --judge-files results/*.jsonl --calibration ppi_llm.jsonl --ci full --json',
    '<%= config.bin %> <%= command.id %> --judge-files a.jsonl b.jsonl c.jsonl --field-name is_answer_correct',
    '<%= config.bin %> <%= command.id %> --results results/mmlu_openai_gpt-4-1_shots_5.jsonl --json',
  ]

  static override flags = {
    'judge-files': Flags.string({description: 'Judge result files, any number, other files among them skipped (the shell expands globs).', multiple: true}),
    results: Flags.string({description: 'The results file of a benchmark batch (prepared with --benchmark), instead of judge files.', exclusive: ['judge-files', 'calibration']}),
    'field-name': Flags.string({description: 'Which verdict to score.', options: [...SCORE_FIELDS], default: 'both_correct'}),
    calibration: Flags.string({description: 'Human-labelled pool ppi_<split>.jsonl for the published calibrated score ("hub": rvienne/layton-eval-ppi).'}),
    ci: Flags.string({description: 'The interval printed for a calibrated score: published (labels resampled) or full (riddles too).', options: [...CI_CHOICES], default: 'published'}),
    provider: Flags.string({description: "Provider of the judged model, when the judge files do not say (its rows leave the calibration pool)."}),
    resamples: Flags.integer({description: 'Resamples of the published calibrated interval.', min: 1, default: 10_000}),
    seed: Flags.integer({description: 'Seed of the resampling.', default: 0}),
  }

  async run(): Promise<ScoreReport | ScoreReport[] | BenchmarkScoreReport | GradingReport[]> {
    const {flags} = await this.parse(Score)
    if (flags.results !== undefined) {
      const {scoreBenchmarkResults} = await import('../core/benchmarks/score-benchmark.js')
      const {report} = await scoreBenchmarkResults({resultsFile: flags.results, resamples: flags.resamples, seed: flags.seed})
      for (const note of benchmarkScoreNotes(report)) this.logToStderr(note)
      this.log(renderBenchmarkScoreLine(report))
      return report
    }
    if (flags['judge-files'] === undefined) this.error('Missing required flag judge-files: pass --judge-files FILES (Layton verdicts) or --results FILE (a benchmark batch)', {exit: 2})
    const graded = await gradingFiles(flags['judge-files'])
    if (graded.length > 0) {
      const others = new Set(flags['judge-files']).size - graded.length
      if (others > 0) this.logToStderr(`skipped ${others} files that are not rubric verdicts (bench jury --rubric): score them on their own`)
      const reports = await scoreGradingFiles(graded)
      for (const report of reports) for (const note of gradingNotes(report)) this.logToStderr(note)
      this.log(renderGradingReports(reports))
      return reports
    }
    const {reports, skipped} = await scoreJudgeFiles({
      judgeFiles: flags['judge-files'],
      field: flags['field-name'] as ScoreField,
      calibration: flags.calibration,
      ci: flags.ci as CiChoice,
      provider: flags.provider,
      resamples: flags.resamples,
      seed: flags.seed,
    })
    for (const note of skippedNotes(skipped)) this.logToStderr(note)
    const several = reports.length > 1
    for (const report of reports) for (const note of scoreNotes(report, several)) this.logToStderr(note)
    this.log(several ? renderScoreTable(reports) : renderScoreLine(reports[0]!))
    return several ? reports : reports[0]!
  }
}

/** The rubric juries' results among the files (bench jury --rubric): scored per criterion, apart from Layton verdicts. */
async function gradingFiles(files: readonly string[]): Promise<string[]> {
  const graded: string[] = []
  for (const file of new Set(files)) if (await isGradingFile(file).catch(() => false)) graded.push(file)
  return graded
}
