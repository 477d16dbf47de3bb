import {Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {renderCard} from '../cli/card.js'
import {renderKnownModels, toKnownModels, type KnownModels} from '../cli/known-models-card.js'
import {loadModelCatalog} from '../core/capabilities/model-catalog.js'
import {PROVIDER_NAMES, type ProviderName} from '../providers/names.js'
import {applyHostFlags, hostFlags} from '../cli/host-flags.js'
import {resolveEndpoint} from '../providers/openai-compatible/endpoint-config.js'
import {listEndpointModels, type EndpointModels} from '../providers/openai-compatible/list-models.js'

export default class Models extends BenchCommand {
  static override summary = "List the models bench knows and what each accepts, or an OpenAI-compatible endpoint's models (and test its key)."

  static override description = `Without --endpoint: the known models of data/models.json (or of the file BENCH_MODELS names), with what each takes: a strict or best-effort JSON schema, images, PDFs, and its thinking levels or budget range. bench prepare fits every request to these (the schema into the prompt where the model cannot enforce it) or refuses in one line; a model not listed is sent with its vendor's defaults, with a warning.

With --endpoint: asks the endpoint for its models (GET <base_url>/models) with its key: a working connection test before a run. Endpoints are bench's built-in ones (openrouter, ollama, vllm) and those of bench.endpoints.json in this directory, which adds endpoints or overrides fields of built-in ones:

  {"endpoints": {"lab": {"base_url": "http://gpu-box:8000/v1", "key_variable": "LAB_KEY", "max_concurrency": 16, "requests_per_minute": 600, "timeout_seconds": 300, "files": false}}}

A scenario names an endpoint's model as <endpoint>/<model>, e.g. openrouter/google/gemini-2.5-flash.`

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --provider gemini --json',
    '<%= config.bin %> <%= command.id %> --endpoint openrouter',
    '<%= config.bin %> <%= command.id %> --endpoint ollama --json',
  ]

  static override flags = {
    ...hostFlags,
    provider: Flags.string({description: "Only this vendor's known models.", options: [...PROVIDER_NAMES], exclusive: ['endpoint']}),
    endpoint: Flags.string({description: "An endpoint whose models to list (built-in: openrouter, ollama, vllm; more in bench.endpoints.json)."}),
  }

  async run(): Promise<EndpointModels | KnownModels> {
    const {flags} = await this.parse(Models)
    if (flags.endpoint === undefined) {
      const known = toKnownModels(loadModelCatalog(), flags.provider as ProviderName | undefined)
      this.log(renderKnownModels(known))
      return known
    }
    applyHostFlags(flags)
    const listed = await listEndpointModels(await resolveEndpoint(flags.endpoint))
    this.log(
      renderCard({
        title: `${listed.endpoint}  reachable, ${listed.models.length} model(s)`,
        rows: [
          ['base url', listed.base_url],
          ['key', listed.key_variable === undefined ? 'none needed' : `${listed.key_variable} (accepted)`],
          ['models', listed.models.length === 0 ? '(none listed)' : listed.models.join('\n')],
        ],
      }),
    )
    return listed
  }
}
