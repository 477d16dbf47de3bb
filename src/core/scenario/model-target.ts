import {sanitizeModel} from '../batch/naming.js'
import {UserError} from '../errors.js'
import {ENDPOINT_PROVIDER, PROVIDER_NAMES, isProviderName, type BatchProvider} from '../../providers/names.js'

/** One model of a scenario: who runs it and under which batch name. */
export interface ModelTarget {
  /** As the scenario wrote it, e.g. `openrouter/google/gemini-2.5-flash`. */
  label: string
  provider: BatchProvider
  /** The vendor's or endpoint's own model name (may hold slashes). */
  model: string
  /** For `openai-compatible`: the endpoint's name. */
  endpoint?: string
}

/**
 * `<provider>/<model>` for the Batch API vendors, `<endpoint>/<model>` for a named endpoint
 * (`openai-compatible/<endpoint>/<model>` also reads, for an endpoint named like a vendor).
 */
export function parseModelTarget(label: string, endpoints: ReadonlySet<string>): ModelTarget {
  const [first, ...rest] = label.split('/')
  const model = rest.join('/')
  if (first !== undefined && isProviderName(first) && model !== '') return {label, provider: first, model}
  if (first === ENDPOINT_PROVIDER && rest.length >= 2) return endpointTarget(label, rest[0]!, rest.slice(1).join('/'))
  if (first !== undefined && endpoints.has(first) && model !== '') return endpointTarget(label, first, model)
  throw new UserError(
    `scenario model "${label}" names no known provider or endpoint: write <provider>/<model> with a provider of ${PROVIDER_NAMES.join(', ')}, or <endpoint>/<model> with an endpoint of ${[...endpoints].join(', ')} (more in bench.endpoints.json)`,
  )
}

function endpointTarget(label: string, endpoint: string, model: string): ModelTarget {
  return {label, provider: ENDPOINT_PROVIDER, model, endpoint}
}

/** `<scenario>_<provider or endpoint>_<model>`: one batch per model, told apart at a glance. */
export function scenarioBatchName(scenario: string, target: ModelTarget): string {
  return `${scenario}_${target.endpoint ?? target.provider}_${sanitizeModel(target.model)}`
}
