import {Flags} from '@oclif/core'

import {BenchCommand} from '../../cli/base-command.js'
import {renderArenaPairsCard, toArenaPairsCard, type ArenaPairsCard} from '../../cli/arena-cards.js'
import {readBenchResults} from '../../core/arena/bench-results.js'
import {createArena} from '../../core/arena/create-arena.js'
import {readMtBench} from '../../core/arena/mtbench-files.js'
import {parseModelVendors} from '../../core/arena/vendors.js'
import {UserError} from '../../core/errors.js'

export default class ArenaPairs extends BenchCommand {
  static override summary = 'Make an arena: pair the answers of two or more models to the same prompts, for people and judges to compare.'

  static override description = `Reads the answers, pairs them and writes the arena record arena/NAME.arena.json, which every other \`bench arena\` command reads. The prompts and answers are copied into it, so people and judges see exactly what was paired.

Answers come from MT-bench's layout (--questions with {question_id, category, turns} lines, and --answers: model_answer/ or its files, {question_id, model_id, choices: [{turns}]} lines), or from bench's own results (--results: results/<name>.jsonl of prediction batches, one per model: Layton, scenarios, or standard benchmarks whose answers are free text, GSM8K's reasoning and XSTest's replies; multiple-choice batches are refused, their letters say only which answer is right. The prompt is rebuilt from each batch's record, and a failed request is a missing answer).

Pairs: every pair of models on every prompt, or with --baseline MODEL each model against that one (as Arena-Hard does); --pairs N draws N of them (seeded by --seed), spread evenly over the model pairs. A multi-turn prompt is voted and judged turn by turn.

A model's vendor decides which judges sit out on its pairs (a judge never rates its own vendor's model): bench's results say it; for MT-bench files it is guessed from the name (gpt-*, claude*, gemini*, mistral*), and --model-vendor MODEL=VENDOR says it. Running the same command again leaves the arena as it is; other answers under the same name are refused.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --name mtbench --questions mt_bench/question.jsonl --answers mt_bench/model_answer/',
    '<%= config.bin %> <%= command.id %> --name layton --results results/benchmark_openai_gpt-4-1_llm_hints_0.jsonl results/benchmark_mistral_mistral-large-2512_llm_hints_0.jsonl --pairs 200',
    '<%= config.bin %> <%= command.id %> --name hard --questions q.jsonl --answers answers/ --baseline gpt-4 --model-vendor llama-3-70b=together --json',
  ]

  static override flags = {
    name: Flags.string({description: 'The arena\'s name: arena/NAME.arena.json, and the prefix of its judge batches.', required: true}),
    questions: Flags.string({description: "MT-bench questions file ({question_id, category, turns} per line).", dependsOn: ['answers'], exclusive: ['results']}),
    answers: Flags.string({description: "MT-bench answers: the model_answer/ directory or its .jsonl files.", multiple: true, dependsOn: ['questions']}),
    results: Flags.string({description: "bench's results files of prediction batches (results/<name>.jsonl), one per model.", multiple: true, exclusive: ['questions', 'answers']}),
    baseline: Flags.string({description: 'Pair each model with this one only.'}),
    pairs: Flags.integer({description: 'Draw this many pairs, balanced across the model pairs.', min: 1}),
    seed: Flags.integer({description: 'Seed of the --pairs draw.', default: 0}),
    'model-vendor': Flags.string({description: 'MODEL=VENDOR: the vendor of a model of MT-bench files (repeatable).', multiple: true}),
  }

  async run(): Promise<ArenaPairsCard> {
    const {flags} = await this.parse(ArenaPairs)
    const vendors = parseModelVendors(flags['model-vendor'] ?? [])
    let set
    if (flags.questions !== undefined && flags.answers !== undefined) set = await readMtBench(flags.questions, flags.answers, vendors)
    else if (flags.results !== undefined) {
      if (vendors.size > 0) throw new UserError("--model-vendor is for MT-bench files: bench's results name each model's vendor")
      set = await readBenchResults(flags.results)
    } else throw new UserError('say where the answers are: --questions FILE --answers DIR (MT-bench layout), or --results FILE... (bench results)')
    const pairing = {
      ...(flags.baseline !== undefined && {baseline: flags.baseline}),
      ...(flags.pairs !== undefined && {sample: {pairs: flags.pairs, seed: flags.seed}}),
    }
    const {record, written} = await createArena(flags.name, set, pairing)
    const card = toArenaPairsCard(record, written)
    this.log(renderArenaPairsCard(card))
    return card
  }
}
