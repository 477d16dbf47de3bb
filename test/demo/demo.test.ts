import {readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {runBench, scratchDir} from '../support/cli.js'

describe('bench demo', () => {
  it('runs the main job offline in a fresh directory and prints the score, in under 30 s', async () => {
    const cwd = await scratchDir()
    const began = Date.now()
    const result = await runBench(['demo', '--dir', 'run'], {cwd})
    const seconds = (Date.now() - began) / 1000
    expect(result.code, result.stderr).toBe(0)
    expect(seconds).toBeLessThan(30)

    const commands = result.stdout.split('\n').filter((line) => line.startsWith('$ bench ')).map((line) => line.split(' ')[2])
    expect(commands[0]).toBe('prepare')
    expect(commands.filter((command) => command === 'get').length).toBeGreaterThanOrEqual(2)
    expect(commands.slice(commands.indexOf('start'), commands.indexOf('jury') + 1).filter((command) => command !== 'get')).toEqual(['start', 'results', 'jury'])
    expect(commands.slice(-4)).toEqual(['results', 'results', 'results', 'score'])
    expect(result.stdout).toMatch(/Jury of benchmark_openai_gpt-4-1_full_hints_1 \(openai · gpt-4\.1\)/)
    expect(result.stdout).toMatch(/^\{"score": \d+\.\d, "95% CI \(±\)": \d+\.\d\}$/m)
    expect(result.stdout).toContain(`Its files are in ${join(cwd, 'run')}`)
    expect((await readdir(join(cwd, 'run', 'results'))).sort()).toEqual([
      'benchmark_openai_gpt-4-1_full_hints_1.jsonl',
      'judge_openai_gpt-4-1_full_hints_1_by_anthropic_claude-opus-4-5.jsonl',
      'judge_openai_gpt-4-1_full_hints_1_by_gemini_gemini-3-pro-preview.jsonl',
      'judge_openai_gpt-4-1_full_hints_1_by_mistral_mistral-large-2512.jsonl',
    ])
  })

  it('without --dir, runs in a temporary directory and removes it', async () => {
    const cwd = await scratchDir()
    const temp = await scratchDir('bench-tmpdir-')
    const result = await runBench(['demo', '--batch-seconds', '0', '--json'], {cwd, env: {TMPDIR: temp}})
    expect(result.code, result.stderr).toBe(0)
    const summary = JSON.parse(result.stdout) as {dir?: string; score: {score: number}}
    expect(summary.dir).toBeUndefined()
    expect(summary.score.score).toBeGreaterThanOrEqual(0)
    // (Node keeps its compile cache there too: not the demo's.)
    expect((await readdir(temp)).filter((entry) => entry !== 'node-compile-cache')).toEqual([])
    expect(await readdir(cwd)).toEqual([])
  })

  it('refuses a --dir that holds files, in one line', async () => {
    const cwd = await scratchDir()
    await writeFile(join(cwd, 'notes.txt'), 'mine')
    const result = await runBench(['demo', '--dir', '.'], {cwd})
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('Error: --dir . is not empty: pass a new or empty directory, or leave --dir out to use a temporary one')
    expect(await readdir(cwd)).toEqual(['notes.txt'])
  })
})
