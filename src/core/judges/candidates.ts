import {UserError} from '../errors.js'
import {readJsonOrYaml} from '../json-or-yaml.js'
import {readThinking} from '../jury/panel.js'
import type {Thinking} from '../prepare/request.js'
import {parseModelTarget, type ModelTarget} from '../scenario/model-target.js'
import {loadFormat} from '../../providers/index.js'
import {loadEndpoints} from '../../providers/openai-compatible/endpoint-config.js'

/** A judge model under test: any vendor's, or an OpenAI-compatible endpoint's. */
export interface Candidate {
  target: ModelTarget
  max_tokens?: number
  thinking?: Thinking
}

/**
 * Reads a candidates file (JSON, or YAML for .yaml/.yml): `{"candidates": ["openai/gpt-5.1",
 * {"model": "anthropic/claude-sonnet-4-5", "max_tokens": 2000, "thinking": {"budget": 1024}}]}`.
 * A model is `<provider>/<model>` or `<endpoint>/<model>`, as in a scenario. Every problem is one
 * line naming the file and the entry.
 */
export async function readCandidates(file: string): Promise<Candidate[]> {
  const value = await readJsonOrYaml(file, 'candidates file', '--candidates')
  const problem = (where: string, message: string) => new UserError(`candidates file ${file}: ${where} ${message}`)
  const list = (value as {candidates?: unknown} | null)?.candidates
  if (!Array.isArray(list) || list.length === 0) throw problem('the file', 'must be {"candidates": [...]}, each "<provider>/<model>" or {"model", "max_tokens"?, "thinking"?}')
  const endpoints = new Set((await loadEndpoints()).keys())
  const candidates: Candidate[] = []
  for (const [index, entry] of (list as unknown[]).entries()) {
    const where = `candidates[${index}]`
    const fields = typeof entry === 'string' ? {model: entry} : entry
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw problem(where, 'must be "<provider>/<model>" or {"model", "max_tokens"?, "thinking"?}')
    const {model, max_tokens: maxTokens, thinking, ...rest} = fields as Record<string, unknown>
    const stray = Object.keys(rest)[0]
    if (stray !== undefined) throw problem(where, `has an unknown key "${stray}": the keys are model, max_tokens, thinking`)
    if (typeof model !== 'string') throw problem(`${where}.model`, 'must be "<provider>/<model>" or "<endpoint>/<model>"')
    let target: ModelTarget
    try {
      target = parseModelTarget(model, endpoints)
    } catch (error) {
      throw problem(where, (error as Error).message.replace(/^scenario model/, 'model'))
    }
    if (candidates.some((candidate) => candidate.target.label === target.label)) throw problem(where, `repeats ${model}: list each candidate once`)
    if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || (maxTokens as number) < 1)) throw problem(`${where}.max_tokens`, 'must be a whole number of at least 1')
    const format = await loadFormat(target.provider, target.endpoint)
    if (format.requiresMaxTokens && maxTokens === undefined) throw problem(where, `has no "max_tokens": ${target.provider} requires a token limit on every request, e.g. "max_tokens": 1000`)
    candidates.push({target, ...(maxTokens !== undefined && {max_tokens: maxTokens as number}), ...(thinking !== undefined && {thinking: readThinking(thinking, `${where}.thinking`, problem)})})
  }
  return candidates
}
