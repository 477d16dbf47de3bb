import {UserError} from '../errors.js'
import {PROVIDER_NAMES, isProviderName, type ProviderName} from '../../providers/names.js'
import type {ArenaModel} from './answers.js'

/**
 * Model families whose maker is a judge vendor, by name prefix (`gpt-4`, `claude-v1`). A model
 * that matches none has no known vendor: every judge may rate it, and the arena card says so.
 */
const NAME_RULES: readonly [RegExp, ProviderName][] = [
  [/^(gpt-|chatgpt|o[1-9](-|$)|text-davinci)/i, 'openai'],
  [/^claude/i, 'anthropic'],
  [/^(gemini|palm|bard)/i, 'gemini'],
  [/^(mistral|mixtral|magistral|ministral|codestral|devstral|pixtral|open-mistral)/i, 'mistral'],
]

/** `--model-vendor gpt-4=openai` entries, checked. */
export function parseModelVendors(entries: readonly string[]): Map<string, ProviderName> {
  const vendors = new Map<string, ProviderName>()
  for (const entry of entries) {
    const cut = entry.lastIndexOf('=')
    const model = entry.slice(0, cut)
    const vendor = entry.slice(cut + 1)
    if (cut <= 0 || !isProviderName(vendor)) {
      throw new UserError(`--model-vendor takes MODEL=VENDOR with a vendor among ${PROVIDER_NAMES.join(', ')}, e.g. --model-vendor gpt-4=openai (got "${entry}")`)
    }
    vendors.set(model, vendor)
  }
  return vendors
}

/** The vendor of a model known only by name: given by the user, else guessed from its family's prefix. */
export function modelByName(name: string, given: ReadonlyMap<string, ProviderName>): ArenaModel {
  const vendor = given.get(name)
  if (vendor !== undefined) return {name, vendor, vendor_from: '--model-vendor'}
  const rule = NAME_RULES.find(([pattern]) => pattern.test(name))
  return rule === undefined ? {name, vendor_from: 'unknown'} : {name, vendor: rule[1], vendor_from: 'model name'}
}

/** Names given to --model-vendor that are no model of the arena: a typo would otherwise pass unseen. */
export function assertVendorsUsed(given: ReadonlyMap<string, ProviderName>, models: readonly ArenaModel[]): void {
  const unknown = [...given.keys()].find((name) => !models.some((model) => model.name === name))
  if (unknown !== undefined) throw new UserError(`--model-vendor names "${unknown}", which is not a model of these answers (${models.map((model) => model.name).join(', ')})`)
}
