import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {Config} from '@oclif/core'
import {beforeAll, describe, expect, it} from 'vitest'

import {REPO_ROOT, runBench, scratchDir} from '../support/cli.js'
import {BenchCommandHelp} from '../../src/cli/help.js'

const packageJson = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {name: string; version: string}

describe('the help and version commands', () => {
  let cwd: string
  beforeAll(async () => {
    cwd = await scratchDir()
  })

  it.each([[['help']], [['--help']], [[]]])('bench %j lists every command and ends with examples', async (args) => {
    const result = await runBench(args, {cwd})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^COMMANDS$/m)
    expect(result.stdout).toMatch(/^ {2}prepare +Turn a dataset into a batch file/m)
    expect(result.stdout).toMatch(/^ {2}help +Show the help of bench/m)
    expect(result.stdout).toMatch(/EXAMPLES\n {2}\$ bench demo\n/)
    expect(result.stdout).toContain('$ watch -n 2 bench get benchmark_openai_gpt-4-1_llm_hints_0')
    expect(result.stdout).toContain('$ bench run --benchmark mmlu')
    expect(result.stdout).toContain('$ bench arena pairs --name')
    expect(result.stdout).toContain('$ bench emulator --faults')
  })

  it('bench help COMMAND is that command\'s --help', async () => {
    const [help, flag] = await Promise.all([runBench(['help', 'jury'], {cwd}), runBench(['jury', '--help'], {cwd})])
    expect(help.code, help.stderr).toBe(0)
    expect(help.stdout).toContain('$ bench jury NAME')
    expect(help.stdout).toBe(flag.stdout)
  })

  it('bench help of an unknown command says so and fails', async () => {
    const result = await runBench(['help', 'nosuch'], {cwd})
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('Command nosuch not found')
  })

  it.each([[['version']], [['--version']], [['-v']]])('bench %j prints the package, its version and the Node.js running it', async (args) => {
    const result = await runBench(args, {cwd})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout.trim()).toBe(`batchbench/${packageJson.version} ${process.platform}-${process.arch} node-${process.version}`)
  })

  it('bench version --json gives the same as fields', async () => {
    const result = await runBench(['version', '--json'], {cwd})
    expect(JSON.parse(result.stdout)).toEqual({name: 'batchbench', version: packageJson.version, node: process.version, platform: `${process.platform}-${process.arch}`})
  })
})

describe("every command's help, as bench's help class renders it from the built manifest", () => {
  let config: Config
  beforeAll(async () => {
    config = await Config.load(REPO_ROOT)
  })

  const render = (id: string): string => {
    const command = config.findCommand(id)
    if (command === undefined) throw new Error(`no command ${id}`)
    return new BenchCommandHelp(command, config, {stripAnsi: true, maxWidth: 80}).generate()
  }

  it('has a USAGE that reads as one: no empty alternatives, no stray space before a bracket', () => {
    const ids = config.commands.filter((command) => !command.hidden).map((command) => command.id)
    expect(ids).toEqual(expect.arrayContaining(['help', 'version', 'prepare', 'run', 'jury', 'retry']))
    for (const id of ids) {
      const usage = render(id).split('\n\n').find((section) => section.startsWith('USAGE')) ?? ''
      expect(usage, id).toMatch(new RegExp(`\\$ bench ${id.replaceAll(':', '[: ]')}`))
      expect(usage, id).not.toMatch(/\| *\||\[ *\||\| *\]| \]/)
    }
  })

  it('has examples', () => {
    for (const command of config.commands.filter((each) => !each.hidden)) {
      expect(render(command.id), command.id).toMatch(/^EXAMPLES\n {2}\$ bench /m)
    }
  })
})
