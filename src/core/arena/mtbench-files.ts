import {resolve} from 'node:path'

import {lineError, UserError} from '../errors.js'
import {expandJsonlPaths} from '../jsonl-paths.js'
import {readJsonl} from '../jsonl.js'
import type {AnswerSet, ArenaPrompt} from './answers.js'
import {assertVendorsUsed, modelByName} from './vendors.js'
import type {ProviderName} from '../../providers/names.js'

/**
 * MT-bench's layout (lm-sys/FastChat, fastchat/llm_judge/data/mt_bench): questions
 * `{question_id, category, turns}` in one JSONL file, and answers `{question_id, model_id,
 * choices: [{turns}]}`, usually one file per model in `model_answer/`. Only `choices[0]` is read,
 * as MT-bench's own judging does. Every line is checked; an error names the file, line and field.
 */
export async function readMtBench(questionsFile: string, answerPaths: readonly string[], vendors: ReadonlyMap<string, ProviderName>): Promise<AnswerSet> {
  const prompts = await readQuestions(questionsFile)
  const byId = new Map(prompts.map((prompt) => [prompt.id, prompt]))
  const answers = new Map<string, Map<string, string[]>>()
  const files = await answerFiles(answerPaths)
  for (const file of files) {
    for await (const {line, value} of readJsonl(file)) {
      const row = record(value, file, line)
      const id = questionId(row.question_id, file, line)
      const prompt = byId.get(id)
      if (prompt === undefined) throw lineError(file, line, 'question_id', `${id} is not a question of ${questionsFile}`)
      if (typeof row.model_id !== 'string' || row.model_id.trim() === '') throw lineError(file, line, 'model_id', 'must be the model\'s name, e.g. "gpt-4"')
      const turns = firstChoiceTurns(row.choices, file, line)
      if (turns.length !== prompt.turns.length) {
        throw lineError(file, line, 'choices[0].turns', `has ${turns.length} answers, but question ${id} has ${prompt.turns.length} turns`)
      }
      const model = answers.get(row.model_id) ?? new Map<string, string[]>()
      answers.set(row.model_id, model)
      if (model.has(id)) throw lineError(file, line, 'question_id', `${row.model_id} answers question ${id} twice`)
      model.set(id, turns)
    }
  }
  if (answers.size < 2) throw new UserError(`the answers in ${answerPaths.join(', ')} are of ${answers.size} model${answers.size === 1 ? '' : 's'}: an arena compares at least two`)
  const models = [...answers.keys()].sort().map((name) => modelByName(name, vendors))
  assertVendorsUsed(vendors, models)
  return {source: {kind: 'mtbench', questions: resolve(questionsFile), answers: files.map((file) => resolve(file))}, prompts, models, answers}
}

async function readQuestions(file: string): Promise<ArenaPrompt[]> {
  const prompts: ArenaPrompt[] = []
  const seen = new Set<string>()
  try {
    for await (const {line, value} of readJsonl(file)) {
      const row = record(value, file, line)
      const id = questionId(row.question_id, file, line)
      if (seen.has(id)) throw lineError(file, line, 'question_id', `${id} appears twice`)
      seen.add(id)
      if (!Array.isArray(row.turns) || row.turns.length === 0 || !row.turns.every((turn) => typeof turn === 'string')) {
        throw lineError(file, line, 'turns', 'must be a non-empty list of the user\'s messages')
      }
      if (row.category !== undefined && typeof row.category !== 'string') throw lineError(file, line, 'category', 'must be a string')
      prompts.push({id, ...(row.category !== undefined && {category: row.category}), turns: row.turns})
    }
  } catch (error) {
    throw readable(error, file, 'questions file')
  }
  if (prompts.length === 0) throw new UserError(`${file} holds no questions`)
  return prompts
}

/** Files as given, and the `.jsonl` files of directories (sorted), e.g. MT-bench's `model_answer/`. */
async function answerFiles(paths: readonly string[]): Promise<string[]> {
  const files = await expandJsonlPaths(paths, (error, path) => readable(error, path, 'answers'))
  if (files.length === 0) throw new UserError(`no answer files in ${paths.join(', ')}: pass MT-bench's model_answer/ directory or its .jsonl files`)
  return files
}

function record(value: unknown, file: string, line: number): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw lineError(file, line, undefined, 'must be a JSON object')
  return value as Record<string, unknown>
}

function questionId(value: unknown, file: string, line: number): string {
  if ((typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && value.trim() !== '')) return String(value)
  throw lineError(file, line, 'question_id', 'must be a number or a non-empty string')
}

function firstChoiceTurns(choices: unknown, file: string, line: number): string[] {
  const first: unknown = Array.isArray(choices) ? choices[0] : undefined
  const turns = typeof first === 'object' && first !== null ? (first as {turns?: unknown}).turns : undefined
  if (!Array.isArray(turns) || turns.length === 0 || !turns.every((turn) => typeof turn === 'string')) {
    throw lineError(file, line, 'choices', 'must be [{"turns": ["answer to turn 1", ...]}]')
  }
  return turns
}

function readable(error: unknown, path: string, what: string): unknown {
  const code = (error as NodeJS.ErrnoException).code
  if (code === undefined || error instanceof UserError) return error
  return new UserError(`cannot read the ${what} ${path} (${code}): check the path`)
}
