import {sanitizeModel} from './batch/naming.js'

/**
 * The entry of the model capabilities table (data/models.json) that covers `model`: the listed name equal
 * to it, else the longest listed name it starts with followed by `-` (dated snapshots and run
 * labels: gpt-5.1-2025-11-13 -> gpt-5.1, gemini-3-pro-preview -> gemini-3-pro). Names compare in
 * their sanitized, lower-case form, as file names carry them. Undefined when none covers it.
 */
export function findListedModel(listed: Iterable<string>, model: string): string | undefined {
  const wanted = sanitizeModel(model).toLowerCase()
  let best: string | undefined
  let bestLength = -1
  for (const name of listed) {
    const key = sanitizeModel(name).toLowerCase()
    if ((wanted === key || wanted.startsWith(`${key}-`)) && key.length > bestLength) {
      best = name
      bestLength = key.length
    }
  }
  return best
}
