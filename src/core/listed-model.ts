import {sanitizeModel} from './batch/naming.js'

/**
 * A dated snapshot's suffix, as the vendors date their models: OpenAI `-2025-11-13`, Anthropic
 * `-20251101` (both in the sanitized form names are compared in).
 */
const DATED_SNAPSHOT = /-(?:\d{4}-\d{2}-\d{2}|\d{8})$/

/** How a model name was found among a table's listed names. */
export type ListedNameMatch = 'name' | 'alias' | 'dated snapshot'

/** A table's listed names and aliases, in comparable form, each to the entry it names. */
export type ListedNames = ReadonlyMap<string, {model: string; alias: boolean}>

/** A model name as names compare: sanitized, as file names carry them, and lower-case. */
export function comparableModelName(model: string): string {
  return sanitizeModel(model).toLowerCase()
}

/** Every name and alias of a table of models (data/prices.json, data/models.json) to its entry. */
export function listedNames(models: Record<string, {aliases?: readonly string[]}>): ListedNames {
  const names = new Map<string, {model: string; alias: boolean}>()
  for (const [model, entry] of Object.entries(models)) {
    names.set(comparableModelName(model), {model, alias: false})
    for (const alias of entry.aliases ?? []) names.set(comparableModelName(alias), {model, alias: true})
  }
  return names
}

/**
 * The table entry `model` names, found only by a rule that cannot take one model for another: a
 * listed name or alias, or a dated snapshot of one (`gpt-5.1-2025-11-13` is `gpt-5.1`). Anything
 * else (`o3-pro` beside a listed `o3`, `gpt-5-pro` beside `gpt-5`) is not listed. Undefined then.
 */
export function findListedModel(names: ListedNames, model: string): {model: string; matched_by: ListedNameMatch} | undefined {
  const wanted = comparableModelName(model)
  const listed = names.get(wanted)
  if (listed !== undefined) return {model: listed.model, matched_by: listed.alias ? 'alias' : 'name'}
  const undated = wanted.replace(DATED_SNAPSHOT, '')
  const snapshot = undated === wanted ? undefined : names.get(undated)
  return snapshot === undefined ? undefined : {model: snapshot.model, matched_by: 'dated snapshot'}
}
