import {readAttachment} from './attachments.js'
import type {ModelTarget} from './model-target.js'
import type {Scenario, ScenarioTask} from './scenario-file.js'
import {UserError} from '../errors.js'
import type {CanonicalRequest, RequestPart} from '../prepare/request.js'
import type {LineFormat} from '../../providers/types.js'

/**
 * The scenario's tasks as one model's requests, in order. Each request is checked against the
 * model's line format as it is made, so a task the vendor cannot take fails here, naming the
 * task, the attachment and the vendor, before anything is written or sent.
 */
export async function* taskRequests(scenario: Scenario, target: ModelTarget, format: LineFormat): AsyncGenerator<CanonicalRequest> {
  for (const task of scenario.tasks) {
    const attachments = await readAttachments(scenario, task)
    const request = taskRequest(scenario, task, attachments.map(({part}) => part))
    if (format.requiresMaxTokens && request.max_tokens === undefined) {
      throw new UserError(`scenario task "${task.id}": ${target.label} needs a token limit: set "max_tokens" on the task or at the top of the scenario`)
    }
    checkAgainstFormat(request, attachments, target, format)
    yield request
  }
}

interface Attachment {
  path: string
  part: RequestPart
}

async function readAttachments(scenario: Scenario, task: ScenarioTask): Promise<Attachment[]> {
  const attachments: Attachment[] = []
  for (const path of task.attachments) {
    try {
      attachments.push({path, part: await readAttachment(scenario.file, path)})
    } catch (error) {
      if (error instanceof UserError) throw new UserError(`scenario task "${task.id}": ${error.message}`)
      throw error
    }
  }
  return attachments
}

/** The attachments first, then the prompt: the question reads after what it is about. */
function taskRequest(scenario: Scenario, task: ScenarioTask, attachments: RequestPart[]): CanonicalRequest {
  const request: CanonicalRequest = {custom_id: task.id, parts: [...attachments, {type: 'text', text: task.user_prompt}]}
  if (task.system_prompt !== undefined) request.system = task.system_prompt
  const maxTokens = task.max_tokens ?? scenario.max_tokens
  if (maxTokens !== undefined) request.max_tokens = maxTokens
  if (task.temperature !== undefined) request.temperature = task.temperature
  if (task.schema !== undefined) request.schema = {name: 'TaskAnswer', schema: task.schema}
  return request
}

/** Names the attachment the vendor refuses when one is the cause; otherwise the task as a whole. */
function checkAgainstFormat(request: CanonicalRequest, attachments: Attachment[], target: ModelTarget, format: LineFormat): void {
  const refusal = refusalOf(() => format.toLine(request, target.model))
  if (refusal === undefined) return
  for (const {path, part} of attachments) {
    const alone = refusalOf(() => format.toLine({custom_id: request.custom_id, parts: [part], max_tokens: request.max_tokens}, target.model))
    if (alone !== undefined) throw new UserError(`scenario task "${request.custom_id}": ${target.label} cannot take attachment "${path}": ${alone}`)
  }
  throw new UserError(`scenario task "${request.custom_id}" on ${target.label}: ${refusal}`)
}

function refusalOf(attempt: () => unknown): string | undefined {
  try {
    attempt()
    return undefined
  } catch (error) {
    if (error instanceof UserError) return error.message
    throw error
  }
}
