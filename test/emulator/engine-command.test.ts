import {createServer} from 'node:net'
import type {AddressInfo} from 'node:net'
import {afterEach, describe, expect, it, vi} from 'vitest'

import EmulatorCommand from '../../src/commands/emulator.js'
import {exportLines} from '../../src/emulator/exports.js'
import {matching} from '../support/matchers.js'

afterEach(() => vi.restoreAllMocks())

describe('bench emulator', () => {
  it('prints the env as one JSON line, serves until SIGINT, then stops', async () => {
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    })
    const running = EmulatorCommand.run(['--port', '0', '--batch-seconds', '0', '--json'], {root: process.cwd()})
    await vi.waitFor(() => expect(written.join('')).toContain('\n'), {timeout: 10_000})
    const env = JSON.parse(written.join('').split('\n')[0]!) as Record<string, string>
    expect(env).toMatchObject({GOOGLE_GENAI_USE_VERTEXAI: 'false', OPENAI_BASE_URL: matching.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)})
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
    const errors: string[] = []
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      errors.push(String(chunk))
      return true
    })
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
})
