import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {UserError} from '../errors.js'
import {packageRoot} from '../package-root.js'
import type {Thinking} from '../prepare/request.js'
import {PROVIDER_NAMES, isProviderName, loadFormat, type BatchProvider, type ProviderName} from '../../providers/index.js'

/** One judge of the pool: a model and the settings of every request it gets. */
export interface Judge {
  provider: ProviderName
  model: string
  thinking?: Thinking
  max_tokens?: number
}

/** The judges file (`data/judges.json` by default, `--judges FILE` to replace it). */
export interface JudgePool {
  file: string
  /** How many judges sit on a panel. */
  panel_size: number
  /** In order of preference, at most one per vendor. */
  judges: Judge[]
}

/** Why a judge of the pool is not on a panel. */
export type SitOutReason = 'evaluated vendor' | 'panel full'

export interface Panel {
  judges: Judge[]
  sitting_out: {judge: Judge; reason: SitOutReason}[]
}

/** Resolves from `src/core/` and `dist/core/` alike: both sit two levels below the package root. */
export const DEFAULT_JUDGES_PATH = join(packageRoot(), 'data', 'judges.json')

/**
 * The panel for a model of `evaluated`: the pool's judges of that vendor sit out (a model is not
 * judged by its own vendor), and the first `panel_size` of the others judge. With the default
 * pool this is layton-eval's rule: Mistral judges only models of OpenAI, Gemini and Anthropic.
 */
export function choosePanel(pool: JudgePool, evaluated: BatchProvider): Panel {
  const eligible = pool.judges.filter((judge) => judge.provider !== evaluated)
  if (eligible.length < pool.panel_size) {
    throw new UserError(
      `judges file ${pool.file} has ${eligible.length} judges from vendors other than ${evaluated}, but panel_size is ${pool.panel_size}: add judges or lower panel_size`,
    )
  }
  const judges = eligible.slice(0, pool.panel_size)
  return {
    judges,
    sitting_out: pool.judges
      .filter((judge) => !judges.includes(judge))
      .map((judge) => ({judge, reason: judge.provider === evaluated ? 'evaluated vendor' : 'panel full'})),
  }
}

/** Reads and checks a judges file; every problem is one line naming the file and the key. */
export async function readJudgePool(file = DEFAULT_JUDGES_PATH): Promise<JudgePool> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UserError(`cannot read judges file ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}): check the path given to --judges`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new UserError(`judges file ${file} is not valid JSON (${(error as Error).message.split('\n')[0]}): fix it, or start from bench's data/judges.json`)
  }
  const problem = (where: string, message: string) => new UserError(`judges file ${file}: ${where} ${message}`)
  const root = objectWithKeys(value, ['description', 'panel_size', 'judges'], 'the file', problem)
  if (root.description !== undefined && typeof root.description !== 'string') throw problem('"description"', 'must be a string')
  const panelSize = root.panel_size
  if (!Number.isInteger(panelSize) || (panelSize as number) < 1) throw problem('"panel_size"', 'must be a whole number of at least 1, e.g. 3')
  if (!Array.isArray(root.judges) || root.judges.length === 0) {
    throw problem('"judges"', 'must be a non-empty list of {"provider", "model", "thinking"?, "max_tokens"?}')
  }
  const judges: Judge[] = []
  for (const [index, entry] of root.judges.entries()) {
    const judge = await readJudge(entry, `judges[${index}]`, problem)
    const twin = judges.find((other) => other.provider === judge.provider)
    if (twin !== undefined) {
      throw problem(`judges[${index}]`, `is a second ${judge.provider} judge (after ${twin.model}): keep one judge per vendor`)
    }
    judges.push(judge)
  }
  return {file, panel_size: panelSize as number, judges}
}

export type Problem = (where: string, message: string) => UserError

async function readJudge(value: unknown, where: string, problem: Problem): Promise<Judge> {
  const entry = objectWithKeys(value, ['provider', 'model', 'thinking', 'max_tokens'], where, problem)
  const provider = entry.provider
  if (typeof provider !== 'string' || !isProviderName(provider)) {
    throw problem(`${where}.provider`, `must be one of ${PROVIDER_NAMES.join(', ')}, got ${JSON.stringify(provider)}`)
  }
  if (typeof entry.model !== 'string' || entry.model.trim() === '') throw problem(`${where}.model`, `must be the vendor's model name, e.g. "gpt-5.1"`)
  const maxTokens = entry.max_tokens
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || (maxTokens as number) < 1)) {
    throw problem(`${where}.max_tokens`, 'must be a whole number of at least 1')
  }
  const thinking = entry.thinking === undefined ? undefined : readThinking(entry.thinking, `${where}.thinking`, problem)

  // The vendor's own constraints, checked now rather than halfway through writing a batch.
  const format = await loadFormat(provider)
  if (format.requiresMaxTokens && maxTokens === undefined) {
    throw problem(where, `has no "max_tokens": ${provider} requires a token limit on every request, e.g. "max_tokens": 64000`)
  }
  if (thinking !== undefined && 'level' in thinking && !format.thinking.level) {
    throw problem(`${where}.thinking`, `is a level, but ${provider} takes ${format.thinking.budget ? 'a budget: {"budget": N}' : 'no thinking setting: remove it'}`)
  }
  if (thinking !== undefined && 'budget' in thinking && !format.thinking.budget) {
    throw problem(`${where}.thinking`, `is a budget, but ${provider} takes ${format.thinking.level ? 'a level: {"level": "high"}' : 'no thinking setting: remove it'}`)
  }
  return {
    provider,
    model: entry.model,
    ...(thinking !== undefined && {thinking}),
    ...(maxTokens !== undefined && {max_tokens: maxTokens as number}),
  }
}

export function readThinking(value: unknown, where: string, problem: Problem): Thinking {
  const shape = 'must be {"level": "low" | "medium" | "high"} or {"budget": N}'
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length !== 1) throw problem(where, shape)
  const {level, budget} = value as {level?: unknown; budget?: unknown}
  if (level === 'low' || level === 'medium' || level === 'high') return {level}
  if (Number.isInteger(budget) && (budget as number) >= 0) return {budget: budget as number}
  throw problem(where, shape)
}

/** An object with no keys but `allowed`: a misspelt key is an error, not a silently ignored setting. */
function objectWithKeys(value: unknown, allowed: readonly string[], where: string, problem: Problem): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw problem(where, 'must be a JSON object')
  const unknown = Object.keys(value).find((key) => !allowed.includes(key))
  if (unknown !== undefined) throw problem(where, `has an unknown key "${unknown}": the keys are ${allowed.join(', ')}`)
  return value as Record<string, unknown>
}
