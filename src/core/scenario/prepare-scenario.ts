import {parseModelTarget, scenarioBatchName, type ModelTarget} from './model-target.js'
import {readScenario, type Scenario} from './scenario-file.js'
import {taskRequests} from './task-requests.js'
import {tasksFilePath, writeTasksFile} from './tasks-file.js'
import {findManifest, type BatchManifest} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {oneAtATime, stageBatch, type StagedBatch} from '../prepare/stage-batch.js'
import {loadFormat} from '../../providers/index.js'
import {answersPath} from '../../providers/openai-compatible/answers.js'
import {loadEndpoints} from '../../providers/openai-compatible/endpoint-config.js'

export interface ScenarioPrepareOptions {
  path: string
  /** Leave batches already submitted as they are (`bench run` resuming); otherwise they are an error. */
  keepSubmitted?: boolean
}

/** One model's batch of the scenario. */
export interface ScenarioBatch {
  target: ModelTarget
  manifest: BatchManifest
  /** True when the batch was already submitted and was left as it was. */
  kept: boolean
}

export interface PreparedScenario {
  scenario: Scenario
  tasks_file: string
  batches: ScenarioBatch[]
}

/**
 * Every model gets every task: one batch per model, on that model's vendor or endpoint, with
 * `custom_id` = task id so later commands line the models up task by task. Every batch is checked
 * and staged before any is committed: a task one vendor cannot take leaves nothing written.
 */
export async function prepareScenario(options: ScenarioPrepareOptions): Promise<PreparedScenario> {
  const scenario = await readScenario(options.path)
  const endpoints = new Set((await loadEndpoints()).keys())
  const targets = scenario.models.map((label) => parseModelTarget(label, endpoints))
  const staged: {target: ModelTarget; batch: StagedBatch}[] = []
  const kept = new Map<ModelTarget, BatchManifest>()
  try {
    for (const target of targets) {
      const name = scenarioBatchName(scenario.name, target)
      const existing = await findManifest(name)
      if (existing !== undefined && existing.state !== 'prepared') {
        if (!options.keepSubmitted) {
          throw new UserError(`batch "${name}" of this scenario was already submitted: see it with \`bench get ${name}\`, or use \`bench run\`, which continues it`)
        }
        kept.set(target, existing)
        continue
      }
      const format = await loadFormat(target.provider, target.endpoint)
      const batch = await stageBatch(
        {
          name,
          kind: 'prediction',
          provider: target.provider,
          model: target.model,
          ...(target.endpoint !== undefined && {endpoint: {name: target.endpoint, answers_file: answersPath(name)}}),
          scenario: {name: scenario.name, tasks_file: tasksFilePath(scenario.name)},
          dataset: {source: 'scenario', path: scenario.file, split: 'full'},
          hints: 0,
          settings: scenario.max_tokens === undefined ? {} : {max_tokens: scenario.max_tokens},
        },
        oneAtATime(taskRequests(scenario, target, format)),
      )
      staged.push({target, batch})
    }
  } catch (error) {
    await Promise.all(staged.map(({batch}) => batch.abort()))
    throw error
  }
  const tasksFile = await writeTasksFile(scenario)
  const committed = new Map<ModelTarget, BatchManifest>()
  for (const {target, batch} of staged) committed.set(target, await batch.commit())
  return {
    scenario,
    tasks_file: tasksFile,
    batches: targets.map((target) => ({target, manifest: committed.get(target) ?? kept.get(target)!, kept: kept.has(target)})),
  }
}
