import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {isGradingFile, scoreGradingFiles} from '../../src/core/rubric/rubric-score.js'
import type {Criterion} from '../../src/core/rubric/rubric.js'

let directory: string
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'bench-rubric-score-'))
})

let files = 0
async function judgeFile(lines: readonly unknown[]): Promise<string> {
  const path = join(directory, `judge-${(files += 1)}.jsonl`)
  await writeFile(path, lines.map((line) => JSON.stringify(line) + '\n').join(''))
  return path
}

const HELPFUL: Criterion = {name: 'helpful', description: 'Helps.', scale: {min: 1, max: 5}}
const grading = (criteria: Criterion[] = [HELPFUL], to = 1) => ({rubric: 'rubric.yaml', criteria, repeats: {from: 1, to}})
const line = (id: string, text: string | undefined, fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  custom_id: id,
  ok: text !== undefined,
  ...(text !== undefined && {text}),
  provider: 'anthropic',
  model: 'judge-1',
  judge_of: {batch: 'answers', provider: 'openai', model: 'm', grading: grading()},
  ...fields,
})

describe('scoreGradingFiles: what a rubric jury file holds, counted', () => {
  it('a failed request and a verdict off its scale are counted, not graded; the verdicts of one judge make the score', async () => {
    const file = await judgeFile([line('a', '{"helpful": 5}'), line('b', '{"helpful": 3}'), line('c', undefined), line('d', '{"helpful": 9}')])
    const [report] = await scoreGradingFiles([file])
    expect(report!.judges).toEqual([expect.objectContaining({judge: 'anthropic/judge-1', requests: 4, verdicts: 2, failed: 1, unparsed: 1})])
    expect(report!.criteria[0]).toMatchObject({criterion: 'helpful', score: 4, n: 2})
  })

  it('refuses a line of another kind of judge file, a file graded on other criteria, a verdict given twice', async () => {
    const layton = await judgeFile([{custom_id: 'a', ok: true, text: '{}', judge_of: {batch: 'answers'}}])
    await expect(scoreGradingFiles([layton])).rejects.toThrow(`${layton}:1: field "judge_of": not a line of a rubric jury (\`bench jury --rubric\`): score each kind of judge file on its own`)
    const first = await judgeFile([line('a', '{"helpful": 5}')])
    const other = await judgeFile([line('a', '{"kind": true}', {judge_of: {batch: 'answers', provider: 'openai', model: 'm', grading: grading([{name: 'kind', description: 'Kind.', scale: 'pass_fail'}])}})])
    await expect(scoreGradingFiles([first, other])).rejects.toThrow(`${other}: graded answers on other criteria than an earlier file: score one rubric at a time`)
    await expect(scoreGradingFiles([first, first])).rejects.toThrow(`${first}:1: field "custom_id": "a" was graded twice by anthropic/judge-1: pass each judge file once`)
  })

  it('isGradingFile: an empty file is not one', async () => {
    expect(await isGradingFile(await judgeFile([]))).toBe(false)
    expect(await isGradingFile(await judgeFile([line('a', '{"helpful": 5}')]))).toBe(true)
  })
})
