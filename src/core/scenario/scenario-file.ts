import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {basename, extname, resolve} from 'node:path'

import {parse as parseYaml} from 'yaml'

import {UserError} from '../errors.js'
import type {JsonSchema} from '../prepare/request.js'

/** How a task's answer is compared with `expected`, for a later scoring step. */
export type ExpectedMatch = 'exact' | 'regex'

/** One task of a scenario: every model gets it once, as the request `custom_id` = `id`. */
export interface ScenarioTask {
  /** The task's own id, or a stable one made from its content (`task-<hash>`). */
  id: string
  system_prompt?: string
  user_prompt: string
  /** Paths relative to the scenario file, as written. */
  attachments: string[]
  expected?: string
  /** Default `exact`. */
  match?: ExpectedMatch
  max_tokens?: number
  temperature?: number
  schema?: JsonSchema
}

/** A scenario: models x tasks. */
export interface Scenario {
  /** The `name` field, or the file's name without extension: the prefix of every batch name. */
  name: string
  /** Absolute path of the scenario file; attachments are read relative to its folder. */
  file: string
  /** `<provider>/<model>` or `<endpoint>/<model>`, as written. */
  models: string[]
  tasks: ScenarioTask[]
  /** Applied to tasks without their own (Anthropic needs a limit on every request). */
  max_tokens?: number
}

type Fields = Record<string, unknown>

/** Reads and checks a scenario (JSON, or YAML for `.yaml`/`.yml`); the first problem is a one-line error. */
export async function readScenario(path: string): Promise<Scenario> {
  const file = resolve(path)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UserError(`cannot read the scenario ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
  }
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase())
  let value: unknown
  try {
    value = yaml ? parseYaml(text) : JSON.parse(text)
  } catch (error) {
    throw new UserError(`scenario ${path} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`)
  }
  return checkScenario(value, file, path)
}

function checkScenario(value: unknown, file: string, label: string): Scenario {
  const problem = (where: string, expected: string): UserError => new UserError(`scenario ${label}: ${where} must be ${expected}`)
  if (!isRecord(value)) throw problem('the file', 'an object with "models" and "tasks"')
  const models = value.models
  if (!Array.isArray(models) || models.length === 0 || !models.every((model) => typeof model === 'string' && model.includes('/'))) {
    throw problem('"models"', 'a non-empty list of "<provider>/<model>" strings')
  }
  if (new Set(models).size !== models.length) throw problem('"models"', 'a list without repeats')
  if (!Array.isArray(value.tasks) || value.tasks.length === 0) throw problem('"tasks"', 'a non-empty list')
  const name = value.name ?? basename(file, extname(file))
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) {
    throw problem('"name" (or the file name)', 'letters, digits, ".", "_" and "-", starting with a letter or digit')
  }
  const scenario: Scenario = {name, file, models: models as string[], tasks: value.tasks.map((task, index) => checkTask(task, `tasks[${index}]`, problem))}
  if (value.max_tokens !== undefined) scenario.max_tokens = positiveInteger(value.max_tokens, '"max_tokens"', problem)
  const seen = new Set<string>()
  for (const task of scenario.tasks) {
    if (seen.has(task.id)) throw new UserError(`scenario ${label}: two tasks have the id "${task.id}"; give each task its own "id"`)
    seen.add(task.id)
  }
  return scenario
}

function checkTask(value: unknown, where: string, problem: (where: string, expected: string) => UserError): ScenarioTask {
  if (!isRecord(value)) throw problem(where, 'an object with a "user_prompt"')
  const text = (field: string): string | undefined => {
    const found = value[field]
    if (found === undefined) return undefined
    if (typeof found !== 'string' || found === '') throw problem(`${where}.${field}`, 'a non-empty string')
    return found
  }
  const userPrompt = text('user_prompt')
  if (userPrompt === undefined) throw problem(`${where}.user_prompt`, 'a non-empty string')
  const attachments = value.attachments ?? []
  if (!Array.isArray(attachments) || !attachments.every((path) => typeof path === 'string' && path !== '')) {
    throw problem(`${where}.attachments`, 'a list of file paths')
  }
  const task: ScenarioTask = {id: '', user_prompt: userPrompt, attachments: attachments as string[]}
  const system = text('system_prompt')
  if (system !== undefined) task.system_prompt = system
  task.id = text('id') ?? stableId(task)
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(task.id)) throw problem(`${where}.id`, 'letters, digits, ".", "_", ":" and "-" (at most 64)')
  const expected = value.expected
  if (expected !== undefined) {
    if (typeof expected !== 'string') throw problem(`${where}.expected`, 'a string')
    task.expected = expected
  }
  if (value.match !== undefined) {
    if (value.match !== 'exact' && value.match !== 'regex') throw problem(`${where}.match`, '"exact" or "regex"')
    if (expected === undefined) throw problem(`${where}.match`, 'given only with "expected"')
    if (value.match === 'regex') checkRegex(expected, `${where}.expected`, problem)
    task.match = value.match
  }
  if (value.max_tokens !== undefined) task.max_tokens = positiveInteger(value.max_tokens, `${where}.max_tokens`, problem)
  if (value.temperature !== undefined) {
    if (typeof value.temperature !== 'number' || value.temperature < 0 || value.temperature > 2) throw problem(`${where}.temperature`, 'a number from 0 to 2')
    task.temperature = value.temperature
  }
  if (value.schema !== undefined) {
    if (!isRecord(value.schema)) throw problem(`${where}.schema`, 'a JSON Schema object')
    task.schema = value.schema
  }
  return task
}

/** Made from what the task asks, not where it sits: reordering the tasks keeps every id. */
function stableId(task: Pick<ScenarioTask, 'system_prompt' | 'user_prompt' | 'attachments'>): string {
  const content = JSON.stringify([task.system_prompt ?? null, task.user_prompt, task.attachments])
  return `task-${createHash('sha256').update(content).digest('hex').slice(0, 12)}`
}

function positiveInteger(value: unknown, where: string, problem: (where: string, expected: string) => UserError): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw problem(where, 'a whole number above 0')
  return value
}

function checkRegex(pattern: string, where: string, problem: (where: string, expected: string) => UserError): void {
  try {
    new RegExp(pattern)
  } catch {
    throw problem(where, 'a valid regular expression when "match" is "regex"')
  }
}

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
