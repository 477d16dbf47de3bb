import type {Destination} from './destination.js'
import type {BatchManifest} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {sendingDestination} from '../../providers/index.js'
import type {BatchProvider} from '../../providers/names.js'

/** One batch a command will send, or may send later in the same run (a run's judges). */
export interface SendTarget {
  provider: BatchProvider
  model: string
  /** For a batch of an openai-compatible endpoint. */
  endpoint?: string
}

/** The batch's vendor (or endpoint) and model. */
export function sendTarget(manifest: Pick<BatchManifest, 'provider' | 'model' | 'endpoint'>): SendTarget {
  return {provider: manifest.provider, model: manifest.model, ...(manifest.endpoint !== undefined && {endpoint: manifest.endpoint.name})}
}

/**
 * Checks, before a command sends anything, every key and endpoint it will need: the keys that are
 * not set are listed together in one line, and a key that would go to a host it does not belong
 * at is refused (host-policy.ts), so a command never sends some batches and then fails on the
 * next. Returns where the command will send, one destination per vendor or endpoint, for its card.
 */
export async function checkDestinations(targets: readonly SendTarget[]): Promise<Destination[]> {
  const byDestination = new Map<string, SendTarget[]>()
  for (const target of targets) {
    const key = target.endpoint === undefined ? target.provider : `${target.provider}/${target.endpoint}`
    byDestination.set(key, [...(byDestination.get(key) ?? []), target])
  }
  const groups = [...byDestination.values()]
  const located = await Promise.all(groups.map(([first]) => sendingDestination(first!.provider, first!.endpoint)))
  const missing = located.flatMap(({missingKey}, index) => {
    if (missingKey === undefined) return []
    const models = [...new Set(groups[index]!.map((target) => target.model))].join(', ')
    return [`${missingKey} (for ${models})`]
  })
  if (missing.length > 0) {
    const keys = missing.length === 1 ? 'a key is' : `${missing.length} keys are`
    throw new UserError(`${keys} not set: ${missing.join('; ')}; add ${missing.length === 1 ? 'it' : 'them'} to .env in this directory or export ${missing.length === 1 ? 'it' : 'them'} in your shell. Nothing was sent`)
  }
  return located.map(({destination}) => destination)
}
