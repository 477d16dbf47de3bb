import {execFile} from 'node:child_process'
import path from 'node:path'
import {promisify} from 'node:util'
import {describe, expect, it} from 'vitest'

import {batchlingLine, judgement, temporaryDirectory, writeLines} from './helpers.js'

const repository = path.resolve(import.meta.dirname, '../..')

async function bench(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await promisify(execFile)(process.execPath, [path.join(repository, 'bin/run.js'), 'score', ...args], {cwd: repository})
    return {code: 0, stdout, stderr}
  } catch (error) {
    const failure = error as {code: number; stdout: string; stderr: string}
    return {code: failure.code, stdout: failure.stdout, stderr: failure.stderr}
  }
}

describe('bench score (built CLI)', () => {
  it('accepts several values of --judge-files and says which method it used', async () => {
    const directory = await temporaryDirectory()
    const files = await Promise.all(
      ['gemini_g', 'anthropic_c'].map((judge) =>
        writeLines(path.join(directory, `judge_openai_m_llm_hints_0_by_${judge}.jsonl`), [batchlingLine('a', judgement(true, true), judge), batchlingLine('b', judgement(false, true), judge)]),
      ),
    )
    const plain = await bench('--judge-files', files[0]!, '--judge-files', files[1]!, '--seed', '3')
    expect(plain.code).toBe(0)
    expect(plain.stdout).toMatch(/^\{"score": 50\.0, "95% CI \(±\)": \d+\.\d\}\n$/)
    expect(plain.stderr).toContain('jury mean of 2 riddles, 95% Wilson interval over riddles')
    expect(plain.stderr).toContain('warning: only 2 riddles: the interval is rough')
    const json = JSON.parse((await bench('--judge-files', ...files, '--seed', '3', '--json')).stdout) as {method: string; seed: number; n: number}
    expect(json).toMatchObject({method: 'jury mean', seed: 3, n: 2, rough: true})
  })

  it('fails in one line with exit code 2 on a file it cannot read', async () => {
    const result = await bench('--judge-files', '/nonexistent/judge.jsonl')
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    // oclif wraps long errors to the terminal width behind a " ›   " margin; unwrap before matching.
    expect(result.stderr.replace(/\n › {3}/g, '')).toContain('cannot read judge file /nonexistent/judge.jsonl (ENOENT): check the path')
  })
})
