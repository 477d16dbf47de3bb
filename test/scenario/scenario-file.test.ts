import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {readScenario} from '../../src/core/scenario/scenario-file.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-scenario-file-'))
})

/** Writes `content` (an object is written as JSON) as `name` and reads it back as a scenario. */
async function scenario(content: unknown, name = 'scenario.json'): ReturnType<typeof readScenario> {
  const path = join(dir, name)
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content))
  return readScenario(path)
}

const MODELS = ['openai/gpt-4o', 'anthropic/claude']
const task = (fields: Record<string, unknown>): unknown => ({models: MODELS, tasks: [{user_prompt: 'Hi.', ...fields}]})

describe('readScenario refuses a bad scenario file in one line naming the field', () => {
  it.each<[string, unknown, string]>([
    ['not an object', [1], 'the file must be an object with "models" and "tasks"'],
    ['models without a provider', {models: ['gpt-4o'], tasks: [{user_prompt: 'Hi.'}]}, '"models" must be a non-empty list of "<provider>/<model>" strings'],
    ['no models', {models: [], tasks: [{user_prompt: 'Hi.'}]}, '"models" must be a non-empty list'],
    ['a model twice', {models: ['openai/a', 'openai/a'], tasks: [{user_prompt: 'Hi.'}]}, '"models" must be a list without repeats'],
    ['no tasks', {models: MODELS, tasks: []}, '"tasks" must be a non-empty list'],
    ['a bad name', {name: '-x', models: MODELS, tasks: [{user_prompt: 'Hi.'}]}, '"name" (or the file name) must be letters, digits'],
    ['a task that is not an object', {models: MODELS, tasks: ['Hi.']}, 'tasks[0] must be an object with a "user_prompt"'],
    ['no user prompt', task({user_prompt: undefined}), 'tasks[0].user_prompt must be a non-empty string'],
    ['an empty system prompt', task({system_prompt: ''}), 'tasks[0].system_prompt must be a non-empty string'],
    ['attachments not a list', task({attachments: 'a.pdf'}), 'tasks[0].attachments must be a list of file paths'],
    ['an id with a line break', task({id: 'a\nb'}), 'tasks[0].id must be at most 256 characters, without line breaks'],
    ['a too long id', task({id: 'x'.repeat(257)}), 'tasks[0].id must be at most 256 characters'],
    ['expected not a string', task({expected: 4}), 'tasks[0].expected must be a string'],
    ['an unknown match', task({expected: '4', match: 'fuzzy'}), 'tasks[0].match must be "exact" or "regex"'],
    ['match without expected', task({match: 'exact'}), 'tasks[0].match must be given only with "expected"'],
    ['a bad regex', task({expected: '(', match: 'regex'}), 'tasks[0].expected must be a valid regular expression when "match" is "regex"'],
    ['max_tokens of 0', task({max_tokens: 0}), 'tasks[0].max_tokens must be a whole number above 0'],
    ['a fractional scenario max_tokens', {models: MODELS, max_tokens: 1.5, tasks: [{user_prompt: 'Hi.'}]}, '"max_tokens" must be a whole number above 0'],
    ['a temperature above 2', task({temperature: 3}), 'tasks[0].temperature must be a number from 0 to 2'],
    ['a temperature as text', task({temperature: '1'}), 'tasks[0].temperature must be a number from 0 to 2'],
    ['a schema that is a list', task({schema: []}), 'tasks[0].schema must be a JSON Schema object'],
    ['two tasks with one id', {models: MODELS, tasks: [{id: 'a', user_prompt: 'Hi.'}, {id: 'a', user_prompt: 'Bye.'}]}, 'two tasks have the id "a"; give each task its own "id"'],
    ['two tasks asking the same', {models: MODELS, tasks: [{user_prompt: 'Hi.'}, {user_prompt: 'Hi.'}]}, 'two tasks have the id "task-'],
  ])('%s', async (_, content, message) => {
    await expect(scenario(content)).rejects.toThrow(message)
  })

  it('a file that is not there, or not JSON, or not YAML', async () => {
    await expect(readScenario(join(dir, 'missing.json'))).rejects.toThrow(/cannot read the scenario .*missing\.json: no such file$/)
    await expect(readScenario(dir)).rejects.toThrow(/cannot read the scenario .*: EISDIR/)
    await expect(scenario('{"models": [', 'broken.json')).rejects.toThrow(/scenario .*broken\.json is not valid JSON: /)
    await expect(scenario('models: [a\n  b: c', 'broken.yaml')).rejects.toThrow(/scenario .*broken\.yaml is not valid YAML: /)
  })
})

describe('readScenario reads a good file', () => {
  it('YAML, the name from the file, every optional field of a task kept', async () => {
    const yaml = ['models: [openai/gpt-4o]', 'max_tokens: 100', 'tasks:', '  - id: t1', '    system_prompt: Be brief.', '    user_prompt: Two plus two?',
      '    expected: "^4$"', '    match: regex', '    max_tokens: 20', '    temperature: 0', '    schema: {type: object}'].join('\n')
    const read = await scenario(yaml, 'sums.YML')
    expect(read.name).toBe('sums')
    expect(read.max_tokens).toBe(100)
    expect(read.tasks).toEqual([{id: 't1', system_prompt: 'Be brief.', user_prompt: 'Two plus two?', attachments: [], expected: '^4$', match: 'regex', max_tokens: 20, temperature: 0, schema: {type: 'object'}}])
  })
})
