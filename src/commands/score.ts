import {Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {renderScoreLine, scoreNotes} from '../cli/score-output.js'
import {SCORE_FIELDS, type ScoreField} from '../core/score/judgement.js'
import {scoreJudgeFiles, type ScoreReport} from '../core/score/score.js'

export default class Score extends BenchCommand {
  static override streamsFiles = true
  static override summary = "Score a model from its judges' verdicts: the published calibrated score, or the jury mean."

  static override description = `Per riddle, the jury value is the mean of the available judges' verdicts on the field (both_correct = answer and justification correct). With --calibration (a ppi_<split>.jsonl of human-labelled jury verdicts), prints the published calibrated score: stratified resampling of the labelled rows of other providers, the midpoint of the 95% percentile interval and its half-width. Without it, prints the jury mean with a bootstrap 95% interval over riddles.

Reads bench's own judge results (results/<name>.jsonl, identified by their batch record) and batchling judge files named judge_<provider>_<model>_<split>_hints_<n>_by_<judge provider>_<judge model>.jsonl; any number of judges. A riddle a judge gave no verdict on is scored on the judges it has. Seeded: the same files and seed print the same numbers. --json adds per-judge scores, agreement between judges (percent, Cohen's and Fleiss' kappa), leave-one-judge-out scores and the riddles with missing verdicts.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --judge-files results/judge_openai_gpt-5-1_llm_hints_0_by_*.jsonl --calibration ppi_llm.jsonl',
    '<%= config.bin %> <%= command.id %> --judge-files a.jsonl b.jsonl c.jsonl --field-name is_answer_correct',
    '<%= config.bin %> <%= command.id %> --judge-files results/judge_*.jsonl --resamples 2000 --seed 7 --json',
  ]

  static override flags = {
    'judge-files': Flags.string({description: 'Judge result files, one per judge (the shell expands globs).', multiple: true, required: true}),
    'field-name': Flags.string({description: 'Which verdict to score.', options: [...SCORE_FIELDS], default: 'both_correct'}),
    calibration: Flags.string({description: 'Human-labelled pool ppi_<split>.jsonl for the published calibrated score ("hub": rvienne/layton-eval-ppi).'}),
    provider: Flags.string({description: "Provider of the judged model, when the judge files' names do not say (its rows leave the calibration pool)."}),
    resamples: Flags.integer({description: 'Bootstrap replicates.', min: 1, default: 10_000}),
    seed: Flags.integer({description: 'Seed of the resampling.', default: 0}),
  }

  async run(): Promise<ScoreReport> {
    const {flags} = await this.parse(Score)
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
