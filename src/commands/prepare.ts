import {Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {applyHostFlags, hostFlags} from '../cli/host-flags.js'
import {renderPreparedCard, type PreparedCard, toPreparedCard} from '../cli/prepared-card.js'
import {renderScenarioPrepared, toScenarioPrepared, type ScenarioPrepared} from '../cli/scenario-card.js'
import {thinkingFromFlags} from '../cli/thinking-flags.js'
import type {Split} from '../core/batch/manifest.js'
import {BENCHMARK_NAMES} from '../core/benchmarks/registry.js'
import {prepareBatch} from '../core/prepare/prepare.js'
import {PROVIDER_NAMES, type ProviderName} from '../providers/names.js'

export default class Prepare extends BenchCommand {
  static override streamsFiles = true
  static override summary = 'Turn a dataset into a batch file for one vendor and model.'

  static override description = `Builds the Layton prediction request for every riddle (question, image for vlm, the first N hints, the strict answer schema) and writes it in the vendor's own JSONL format under processed_files/, with a batch record that the later commands read. Batches larger than the vendor's limits are written as several shard files that later commands treat as one batch.

The dataset is the Layton benchmark from the Hugging Face Hub (rvienne/layton-eval, cached after the first download; HF_ENDPOINT and HF_TOKEN are honoured), or a local JSONL file of the same schema with --dataset.

With --benchmark NAME, a standard benchmark instead (${BENCHMARK_NAMES.join(', ')}): its questions from the Hub (the repositories of data/benchmarks.json, same cache) or from --dataset PATH in the benchmark's original release format, each answer constrained by the vendor's structured output (an enum of letters, a number as a string), and an answer key beside the batch for \`bench score --results\`. Zero-shot unless --shots K (examples from the benchmark's dev or train split).

Every request is fitted to what the model accepts, as data/models.json (or the file BENCH_MODELS names) records it (see \`bench models\`): a schema the model cannot enforce also goes into the prompt, and a setting it cannot take (a thinking level or budget, a picture) is refused in one line; a model not listed is sent with its vendor's defaults, with a warning. Request ids a vendor would refuse are mapped to ones it takes, and \`bench results\` gives them back.`

  // Written out: oclif's own USAGE line reads the exclusions of --scenario and --benchmark as alternatives of one another.
  static override usage = [
    '<%= command.id %> --provider VENDOR --model MODEL [--split llm|vlm|full] [--hints N] [--max-tokens N] [--thinking-level low|medium|high | --thinking-budget N] [--limit N] [--dataset FILE] [--name NAME] [--max-batch-requests N] [--allow-host HOST] [--json]',
    '<%= command.id %> --benchmark NAME --provider VENDOR --model MODEL [--shots K] [--shots-dataset PATH] [--subjects LIST] [--seed N] [--dataset PATH] [--limit N] [--max-tokens N] [--thinking-level low|medium|high | --thinking-budget N] [--name NAME] [--max-batch-requests N] [--allow-host HOST] [--json]',
    '<%= command.id %> --scenario FILE [--allow-host HOST] [--json]',
  ]

  static override examples = [
    '<%= config.bin %> <%= command.id %> --split vlm --hints 2 --provider openai --model gpt-4.1',
    '<%= config.bin %> <%= command.id %> --split llm --provider anthropic --model claude-opus-4-5 --max-tokens 64000 --thinking-budget 32000',
    '<%= config.bin %> <%= command.id %> --dataset my_riddles.jsonl --split full --provider gemini --model gemini-2.5-flash --limit 20',
    '<%= config.bin %> <%= command.id %> --scenario scenario.yaml',
    '<%= config.bin %> <%= command.id %> --benchmark mmlu --shots 5 --provider openai --model gpt-4.1',
    '<%= config.bin %> <%= command.id %> --benchmark gsm8k --dataset test.jsonl --provider anthropic --model claude-sonnet-4-5 --max-tokens 4000',
    '<%= config.bin %> <%= command.id %> --benchmark bbq --subjects Religion,Age --limit 200 --provider mistral --model mistral-large-2512',
  ]

  static override flags = {
    // Required unless --scenario is given: checked in run(), as oclif declares no "required unless".
    provider: Flags.string({description: 'Vendor whose Batch API will run the requests (required without --scenario).', options: [...PROVIDER_NAMES]}),
    model: Flags.string({description: "The vendor's model name, e.g. gpt-4.1 (required without --scenario)."}),
    scenario: Flags.string({
      description: 'A scenario file (JSON or YAML) of models x tasks with attachments, instead of the Layton flags: one batch per model.',
      exclusive: ['provider', 'model', 'dataset', 'limit', 'max-batch-requests', 'name', 'thinking-level', 'thinking-budget', 'max-tokens'],
    }),
    split: Flags.string({description: 'Which riddles: llm (text is enough), vlm (the picture is needed), or full.', options: ['llm', 'vlm', 'full'], default: 'llm'}),
    hints: Flags.integer({description: 'How many hints to give, 0 to 4.', min: 0, max: 4, default: 0}),
    'max-tokens': Flags.integer({description: 'Output token limit per request (required by anthropic).', min: 1}),
    'thinking-level': Flags.string({description: 'Reasoning effort (openai, groq, together, mistral, gemini 3).', options: ['low', 'medium', 'high'], exclusive: ['thinking-budget']}),
    'thinking-budget': Flags.integer({description: 'Thinking token budget (anthropic, gemini 2.5).', min: 0, exclusive: ['thinking-level']}),
    limit: Flags.integer({description: 'Only the first N riddles of the split.', min: 1}),
    dataset: Flags.string({description: 'A local JSONL file in the Layton schema, instead of the Hub.'}),
    'max-batch-requests': Flags.integer({description: "Split into shards of at most N requests (default: the vendor's limit).", min: 1}),
    name: Flags.string({description: 'Batch name (default: benchmark_<provider>_<model>_<split>_hints_<n>[_thinking_<x>]; with --benchmark, <benchmark>_<provider>_<model>[_shots_<k>][_thinking_<x>]).'}),
    benchmark: Flags.string({description: 'A standard benchmark instead of Layton, or `custom` for your own multiple-choice or exact-answer JSONL.', options: BENCHMARK_NAMES, exclusive: ['scenario', 'split', 'hints']}),
    shots: Flags.integer({description: "Worked examples before each question, from the benchmark's dev or train split (with --benchmark; default 0).", min: 0, dependsOn: ['benchmark']}),
    'shots-dataset': Flags.string({description: 'A local file (MMLU: dev folder) of the split --shots draws from, with --dataset.', dependsOn: ['benchmark']}),
    subjects: Flags.string({description: 'Only these comma-separated groups: MMLU subjects, BBQ categories (with --benchmark).', dependsOn: ['benchmark']}),
    seed: Flags.integer({description: "Seed of anything random in the questions, e.g. TruthfulQA's choice order (with --benchmark).", default: 0}),
    // HF_TOKEN goes only to the Hub, loopback or an allowed mirror (HF_ENDPOINT).
    ...hostFlags,
  }

  async run(): Promise<PreparedCard | ScenarioPrepared> {
    const {flags} = await this.parse(Prepare)
    applyHostFlags(flags)
    if (flags.scenario !== undefined) {
      // Loaded only here: scenarios bring a YAML parser, 30 ms of every `prepare`'s start otherwise.
      const {prepareScenario} = await import('../core/scenario/prepare-scenario.js')
      const prepared = toScenarioPrepared(await prepareScenario({path: flags.scenario}))
      this.log(renderScenarioPrepared(prepared))
      return prepared
    }
    if (flags.provider === undefined) this.error(missingFlag('provider'), {exit: 2})
    if (flags.model === undefined) this.error(missingFlag('model'), {exit: 2})
    const thinking = thinkingFromFlags(flags)
    const onProgress = (requests: number) => {
      if (process.stderr.isTTY && !this.jsonEnabled()) process.stderr.write(`\rprepared ${requests} requests`)
    }
    const manifest =
      flags.benchmark === undefined
        ? await prepareBatch({
            provider: flags.provider as ProviderName,
            model: flags.model,
            split: flags.split as Split,
            hints: flags.hints,
            datasetPath: flags.dataset,
            maxTokens: flags['max-tokens'],
            thinking,
            limit: flags.limit,
            name: flags.name,
            maxBatchRequests: flags['max-batch-requests'],
            onProgress,
          })
        : await (await import('../core/benchmarks/prepare-benchmark.js')).prepareBenchmarkBatch({
            benchmark: flags.benchmark,
            provider: flags.provider as ProviderName,
            model: flags.model,
            datasetPath: flags.dataset,
            shotsPath: flags['shots-dataset'],
            shots: flags.shots ?? 0,
            subjects: subjectList(flags.subjects),
            limit: flags.limit,
            seed: flags.seed,
            maxTokens: flags['max-tokens'],
            thinking,
            name: flags.name,
            maxBatchRequests: flags['max-batch-requests'],
            onProgress,
          })
    if (process.stderr.isTTY && !this.jsonEnabled()) process.stderr.write('\r\u001B[K')
    const card = toPreparedCard(manifest)
    this.log(renderPreparedCard(card))
    return card
  }
}

/** `--subjects a,b` as a list; blanks between commas are dropped. */
export function subjectList(flag: string | undefined): string[] | undefined {
  if (flag === undefined) return undefined
  const subjects = flag.split(',').map((subject) => subject.trim()).filter((subject) => subject !== '')
  return subjects.length === 0 ? undefined : subjects
}

function missingFlag(flag: 'provider' | 'model'): string {
  return `Missing required flag ${flag}: pass --provider and --model, or --scenario FILE`
}
