import {Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {applyHostFlags, hostFlags} from '../cli/host-flags.js'
import {renderPreparedCard, type PreparedCard, toPreparedCard} from '../cli/prepared-card.js'
import {renderScenarioPrepared, toScenarioPrepared, type ScenarioPrepared} from '../cli/scenario-card.js'
import {thinkingFromFlags} from '../cli/thinking-flags.js'
import type {Split} from '../core/batch/manifest.js'
import {prepareBatch} from '../core/prepare/prepare.js'
import {PROVIDER_NAMES, type ProviderName} from '../providers/names.js'

export default class Prepare extends BenchCommand {
  static override streamsFiles = true
  static override summary = 'Turn a dataset into a batch file for one vendor and model.'

  static override description = `Builds the Layton prediction request for every riddle (question, image for vlm, the first N hints, the strict answer schema) and writes it in the vendor's own JSONL format under processed_files/, with a batch record that the later commands read. Batches larger than the vendor's limits are written as several shard files that later commands treat as one batch.

The dataset is the Layton benchmark from the Hugging Face Hub (rvienne/layton-eval, cached after the first download; HF_ENDPOINT and HF_TOKEN are honoured), or a local JSONL file of the same schema with --dataset.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --split vlm --hints 2 --provider openai --model gpt-4.1',
    '<%= config.bin %> <%= command.id %> --split llm --provider anthropic --model claude-opus-4-5 --max-tokens 64000 --thinking-budget 32000',
    '<%= config.bin %> <%= command.id %> --dataset my_riddles.jsonl --split full --provider gemini --model gemini-2.5-flash --limit 20',
    '<%= config.bin %> <%= command.id %> --scenario scenario.yaml',
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
    name: Flags.string({description: 'Batch name (default: benchmark_<provider>_<model>_<split>_hints_<n>[_thinking_<x>]).'}),
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
    const manifest = await prepareBatch({
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
      onProgress: (requests) => {
        if (process.stderr.isTTY && !this.jsonEnabled()) process.stderr.write(`\rprepared ${requests} requests`)
      },
    })
    if (process.stderr.isTTY && !this.jsonEnabled()) process.stderr.write('\r\u001B[K')
    const card = toPreparedCard(manifest)
    this.log(renderPreparedCard(card))
    return card
  }
}

function missingFlag(flag: 'provider' | 'model'): string {
  return `Missing required flag ${flag}: pass --provider and --model, or --scenario FILE`
}
