import {join} from 'node:path'

import type {Scenario, ScenarioTask} from './scenario-file.js'
import {writeFileAtomic} from '../atomic.js'
import {PROCESSED_DIR} from '../batch/manifest.js'

/** What a scoring step needs of a task, beside the answers: one JSON line per task. */
export type TaskRecord = Pick<ScenarioTask, 'id' | 'expected' | 'match' | 'schema'>

export function tasksFilePath(scenario: string): string {
  return join(PROCESSED_DIR, `${scenario}.tasks.jsonl`)
}

/** Writes the scenario's tasks file, which every batch record of the scenario names. */
export async function writeTasksFile(scenario: Scenario): Promise<string> {
  const path = tasksFilePath(scenario.name)
  const lines = scenario.tasks.map((task) => {
    const record: TaskRecord = {id: task.id}
    if (task.expected !== undefined) Object.assign(record, {expected: task.expected, match: task.match ?? 'exact'})
    if (task.schema !== undefined) record.schema = task.schema
    return JSON.stringify(record)
  })
  await writeFileAtomic(path, lines.map((line) => `${line}\n`).join(''))
  return path
}
