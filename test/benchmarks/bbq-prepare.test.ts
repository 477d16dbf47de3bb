import {mkdir, readdir, writeFile} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'

import {BBQ_ROW, FIXTURES, inScratchDirectory} from './support.js'
import {readManifest, updateManifest} from '../../src/core/batch/manifest.js'
import {targetIndex} from '../../src/core/benchmarks/bbq.js'
import {prepareBenchmarkBatch, type BenchmarkPrepareOptions} from '../../src/core/benchmarks/prepare-benchmark.js'

const scratch = inScratchDirectory()

const jsonl = (...rows: unknown[]): string => rows.map((row) => JSON.stringify(row)).join('\n') + '\n'
const prepare = (options: Partial<BenchmarkPrepareOptions>) => prepareBenchmarkBatch({benchmark: 'bbq', provider: 'openai', model: 'm', shots: 0, seed: 0, ...options})

describe('BBQ rows: a wrong field is refused naming the file, line and field', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a category with a space', {category: 'Religion x'}, 'field "category" must be a name like Religion or Race_x_SES, not "Religion x"'],
    ['a label of 3', {label: 3}, 'field "label" must be 0, 1 or 2, not 3'],
    ['an answer_info entry without a group', {answer_info: {...BBQ_ROW.answer_info, ans2: ['Muslim']}}, 'field "answer_info.ans2" must be [answer text, group label]'],
    ['stereotyped groups as text', {additional_metadata: {stereotyped_groups: 'Muslim'}}, 'field "additional_metadata.stereotyped_groups" must be a list of group names'],
  ])('%s', async (_, fields, message) => {
    const path = resolve('Religion.jsonl')
    await writeFile(path, jsonl(BBQ_ROW, {...BBQ_ROW, example_id: 1, ...fields}))
    await expect(prepare({datasetPath: path})).rejects.toThrow(`${path}, line 2: ${message}`)
    expect(await readdir(scratch.path)).toEqual(['Religion.jsonl'])
  })

  it('names an unknown category and lists the known ones; a folder without .jsonl files is refused', async () => {
    const folder = join(FIXTURES, 'bbq')
    await expect(prepare({datasetPath: folder, subjects: ['Religion', 'Age']})).rejects.toThrow('unknown BBQ category "Age": the categories are Religion')
    const manifest = await prepare({datasetPath: folder, subjects: ['Religion'], limit: 2})
    expect(manifest.benchmark).toMatchObject({name: 'bbq', subjects: ['Religion']})
    await mkdir('empty')
    await expect(prepare({datasetPath: 'empty'})).rejects.toThrow('empty holds no .jsonl files: give BBQ\'s data folder or one <Category>.jsonl file')
  })

  it('the stereotyped answer: by its label, else by a part of a compound label; none when both or neither match', () => {
    expect(targetIndex(['Jewish', 'unknown', 'Muslim'], ['Muslim'])).toBe(2)
    expect(targetIndex(['M-Black', 'unknown', 'F-White'], ['Black'])).toBe(0)
    expect(targetIndex(['M-Black', 'unknown', 'F-Black'], ['Black'])).toBeUndefined()
    expect(targetIndex(['lowSES', 'unknown', 'low SES'], ['low SES'])).toBeUndefined()
    expect(targetIndex(['Jewish', 'unknown', 'Christian'], ['Muslim'])).toBeUndefined()
  })
})

describe('prepareBenchmarkBatch refuses, leaving nothing written', () => {
  it('--shots-dataset without --shots, a batch already submitted, a dataset of no question, two questions with one id', async () => {
    const path = resolve('Religion.jsonl')
    await writeFile(path, jsonl(BBQ_ROW))
    await expect(prepare({datasetPath: path, shotsPath: path})).rejects.toThrow('--shots-dataset gives the examples of --shots: pass --shots K too')
    const manifest = await prepare({datasetPath: path, thinking: {level: 'high'}})
    expect(manifest.name).toBe('bbq_openai_m_thinking_high')
    await updateManifest(manifest.name, 'submitted', (record) => {
      record.state = 'submitted'
    })
    await expect(prepare({datasetPath: path, thinking: {level: 'high'}})).rejects.toThrow('batch "bbq_openai_m_thinking_high" was already submitted; see it with `bench get bbq_openai_m_thinking_high`, or prepare a new one with --name')
    await writeFile(path, '')
    await expect(prepare({datasetPath: path, name: 'empty'})).rejects.toThrow('no bbq questions to ask: check --subjects and --dataset')
    await writeFile(path, jsonl(BBQ_ROW, BBQ_ROW))
    await expect(prepare({datasetPath: path, name: 'twice'})).rejects.toThrow('questions 1 and 2 of the dataset share the id "bbq-Religion-0": each question needs its own')
    expect((await readdir('processed_files')).filter((file) => !file.startsWith('bbq_openai_m_thinking_high'))).toEqual([])
    expect((await readManifest(manifest.name)).state).toBe('submitted')
  })
})
