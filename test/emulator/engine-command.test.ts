import {spawn} from 'node:child_process'
import {createServer} from 'node:net'
import type {AddressInfo} from 'node:net'
import {afterEach, describe, expect, it, vi} from 'vitest'

import EmulatorCommand from '../../src/commands/emulator.js'
import {exportLines} from '../../src/emulator/shared/exports.js'
import {BIN, scratchDir} from '../support/cli.js'
import {matching} from '../support/matchers.js'

afterEach(() => vi.restoreAllMocks())

/** What the command prints through a console method, kept instead of printed. */
function captureConsole(method: 'log' | 'error'): string[] {
  const written: string[] = []
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    written.push(args.map(String).join(' ') + '\n')
  })
  return written
}

/** What the command writes to a stream, kept instead of printed. */
function capture(stream: NodeJS.WriteStream): string[] {
  const written: string[] = []
  vi.spyOn(stream, 'write').mockImplementation((chunk) => {
    written.push(String(chunk))
    return true
  })
  return written
}

describe('bench emulator', () => {
  it('prints the env as one JSON line, serves until SIGINT, then stops', async () => {
    const written = capture(process.stdout)
    const running = EmulatorCommand.run(['--port', '0', '--batch-seconds', '0', '--json'], {root: process.cwd()})
    await vi.waitFor(() => expect(written.join('')).toContain('\n'), {timeout: 10_000})
    const facts = JSON.parse(written.join('').split('\n')[0]!) as {env: Record<string, string>; exports: string[]; batch_seconds: number; seed: number; faults: string[]}
    const env = facts.env
    expect(env).toMatchObject({GOOGLE_GENAI_USE_VERTEXAI: 'false', OPENAI_BASE_URL: matching.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)})
    // The lines the text form prints: the exports, and what the start-up line says.
    expect(facts.exports).toContain(`export OPENAI_BASE_URL=${env.OPENAI_BASE_URL}`)
    expect(facts).toMatchObject({batch_seconds: 0, seed: 0, faults: []})
    expect(env.TOGETHER_API_BASE_URL).toBe(env.TOGETHER_BASE_URL)

    const alive = await fetch(`${env.OPENAI_BASE_URL}/batches`, {headers: {authorization: 'Bearer k'}})
    expect(alive.status).toBe(200)
    process.emit('SIGINT')
    await running
    await expect(fetch(`${env.OPENAI_BASE_URL}/batches`)).rejects.toThrow()
    expect(written).toHaveLength(1)
  })

  it('says which flag to change when the ports are taken', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as AddressInfo).port
    const errors = capture(process.stderr)
    await expect(EmulatorCommand.run(['--port', String(port)], {root: process.cwd()})).rejects.toThrow(/EEXIT: 2/)
    expect(errors.join('')).toMatch(new RegExp(`Port ${port}–${port + 5} is not free; pick another first port with --port`))
    process.exitCode = undefined
    blocker.close()
  })

  it('adds a placeholder key line only for vendors whose key is unset', () => {
    const lines = exportLines({OPENAI_BASE_URL: 'http://127.0.0.1:4010/v1'}, {OPENAI_API_KEY: 'sk-real', GOOGLE_API_KEY: 'g'})
    expect(lines[0]).toBe('export OPENAI_BASE_URL=http://127.0.0.1:4010/v1')
    expect(lines).not.toContain('export OPENAI_API_KEY=emulator')
    expect(lines).not.toContain('export GEMINI_API_KEY=emulator')
    expect(lines).toContain('export GROQ_API_KEY=emulator')
    expect(lines).toContain('export ANTHROPIC_API_KEY=emulator')
  })

  it('refuses a bad --faults in one line naming the bad part, exit 2', async () => {
    const errors = capture(process.stderr)
    await expect(EmulatorCommand.run(['--port', '0', '--faults', 'refusal:0.2,openai.recitation:0.1'], {root: process.cwd()})).rejects.toThrow(/EEXIT: 2/)
    expect(errors.join('')).toBe(`Error: --faults "openai.recitation:0.1": openai's result lines have no way to show recitation; only gemini can\n`)
    process.exitCode = undefined
  })

  it('says on stderr which vendors each fault reaches, keeping stdout to the export lines; --json says the same', async () => {
    // The text form prints through console.log and console.error, as oclif's log and logToStderr do.
    const out = captureConsole('log')
    const err = captureConsole('error')
    const running = EmulatorCommand.run(['--port', '0', '--faults', 'safety:0.1,expire:0.5'], {root: process.cwd()})
    await vi.waitFor(() => expect(err.join('')).toContain('expire'), {timeout: 10_000})
    process.emit('SIGINT')
    await running
    expect(out.join('').trim().split('\n').every((line) => line.startsWith('export '))).toBe(true)
    expect(err.join('').trim().split('\n')).toEqual([
      'Emulator running (batches take 20 s, seed 0); Ctrl-C to stop.',
      '  fault safety: 10% of the requests (openai, gemini only)',
      '  fault expire: every batch expires with 50% of its requests done',
    ])

    const json = capture(process.stdout)
    const withJson = EmulatorCommand.run(['--port', '0', '--faults', 'safety:0.1,expire:0.5', '--json'], {root: process.cwd()})
    await vi.waitFor(() => expect(json.join('')).toContain('\n'), {timeout: 10_000})
    process.emit('SIGINT')
    await withJson
    expect((JSON.parse(json[0]!) as {faults: string[]}).faults).toEqual(err.join('').trim().split('\n').slice(1).map((line) => line.replace('  fault ', '')))
  })

  it("the help's background example returns and points the shell at the emulator", async () => {
    const example = EmulatorCommand.examples.find((entry) => typeof entry === 'object' && entry.command.includes('emulator.env'))
    expect(example).toBeDefined()
    // As written, but on free ports (other tests may hold 4010) and with bench spelled out.
    const bench = `'${process.execPath}' '${BIN}' emulator --port 0`
    const command = (example as {command: string}).command.replace('<%= config.bin %> <%= command.id %>', bench)
    const probe = `'${process.execPath}' -e "fetch(process.env.OPENAI_BASE_URL + '/batches', {headers: {authorization: 'Bearer k'}}).then((r) => console.log(r.status))"`
    const script = `${command}\n${probe}\nkill $!\nwait`
    const cwd = await scratchDir()
    const child = spawn('sh', ['-c', script], {cwd, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stdout.trim()).toBe('200')
    expect(code).toBe(0)
  }, 30_000)
})
