import type {GradedItem} from './rubric-request.js'
import type {BatchManifest} from '../batch/manifest.js'
import {loadRiddles} from '../dataset/dataset.js'
import {UserError, lineError} from '../errors.js'
import {readJsonl} from '../jsonl.js'
import {riddleSource} from '../prepare/prepare.js'
import type {ResultLine} from '../results/result.js'
import {readScenario} from '../scenario/scenario-file.js'

/** An item of the results file the judges do not see, and why: graded at the bottom of every scale. */
export interface UngradedAnswer {
  custom_id: string
  /** The result code: `refusal`, `safety`, `recitation`, `truncated`, or a failure's (`rate_limit`, ...). */
  code: string
}

/** A results file's answers, ready to grade: what was asked, the reference, the answer. */
export interface GradedItems {
  /** Without custom_id repeats: the item's own id is the custom_id. */
  items: Omit<GradedItem, 'custom_id'>[]
  ids: string[]
  /** Answers that failed, were refused, blocked or cut: not sent to the judges. */
  ungraded: UngradedAnswer[]
}

/**
 * The answers of a prediction batch, each with its question and reference: a scenario's tasks
 * (the prompt, and `expected` as reference), or a Layton batch's riddles (the riddle, and its
 * answer and justification as reference). Only successful answers are graded: a failed,
 * refused, blocked or truncated one has nothing to grade, and is listed instead.
 */
export async function gradedItems(prediction: BatchManifest, resultsFile: string): Promise<GradedItems> {
  const answers = new Map<string, string>()
  const ungraded: UngradedAnswer[] = []
  const seen = new Set<string>()
  for await (const {line, value} of readJsonl<Partial<ResultLine>>(resultsFile)) {
    if (typeof value !== 'object' || value === null || typeof value.custom_id !== 'string' || typeof value.ok !== 'boolean') {
      throw lineError(resultsFile, line, undefined, 'not a result line of `bench results`: expected {"custom_id", "ok", "text", ...}')
    }
    if (seen.has(value.custom_id)) {
      throw lineError(resultsFile, line, 'custom_id', `"${value.custom_id}" appears twice; a results file holds one line per request`)
    }
    seen.add(value.custom_id)
    if (value.ok && typeof value.text === 'string' && value.text.trim() !== '') answers.set(value.custom_id, value.text)
    else ungraded.push({custom_id: value.custom_id, code: value.ok ? 'empty' : (value.error?.code ?? 'failed')})
  }
  const questions = await questionsOf(prediction)
  const items: GradedItems['items'] = []
  const ids: string[] = []
  for (const [id, answer] of answers) {
    const question = questions.get(id)
    if (question === undefined) {
      throw new UserError(`${resultsFile}: answer "${id}" has no task in the batch's ${prediction.dataset.source === 'scenario' ? 'scenario' : 'dataset'}; was it changed since \`bench prepare\`?`)
    }
    ids.push(id)
    items.push({question: question.question, answer, ...(question.reference !== undefined && {reference: question.reference})})
  }
  return {items, ids, ungraded}
}

interface Question {
  question: string
  reference?: string
}

async function questionsOf(prediction: BatchManifest): Promise<Map<string, Question>> {
  const questions = new Map<string, Question>()
  if (prediction.dataset.source === 'scenario') {
    const scenario = await readScenario(prediction.dataset.path as string)
    for (const task of scenario.tasks) {
      const attached = task.attachments.length === 0 ? '' : `\n\n(The user attached ${task.attachments.join(', ')}; the judge does not see them.)`
      const system = task.system_prompt === undefined ? '' : `[System prompt]\n${task.system_prompt}\n\n`
      questions.set(task.id, {question: `${system}${task.user_prompt}${attached}`, ...(task.expected !== undefined && {reference: task.expected})})
    }
    return questions
  }
  if (prediction.dataset.source === 'arena') throw new UserError(`batch ${prediction.name} answers an arena's pairs: grade it with \`bench arena judge\``)
  for await (const riddle of loadRiddles(riddleSource(prediction.dataset), {split: prediction.dataset.split})) {
    questions.set(riddle.id, {question: riddle.description, reference: `Answer: ${riddle.answer}\nJustification: ${riddle.justification}`})
  }
  return questions
}
