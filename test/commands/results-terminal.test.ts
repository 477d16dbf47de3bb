import {describe, expect, it} from 'vitest'

import {runBenchInTerminal} from '../support/cli.js'
import {PreparedTemplates, useBenchEmulator} from '../support/emulator.js'

const bench = useBenchEmulator()
const templates = new PreparedTemplates(bench)

// On a pipe `results` writes only its card (lifecycle.test.ts checks stderr is empty); these run it on a terminal.
describe('bench results on a terminal', () => {
  it('draws a progress line as the lines are written, and clears it before the card', async () => {
    const cwd = await templates.started({provider: 'openai', name: 'onscreen', limit: 4})
    const result = await runBenchInTerminal(['results', 'onscreen'], {cwd, env: bench.env})
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/\r\u001B\[K\[#{24}\] 100% · 4\/4 · /)
    const cleared = result.stdout.lastIndexOf('\r\u001B[K')
    expect(result.stdout.indexOf('Results of onscreen')).toBeGreaterThan(cleared)
  })

  it('draws none with --json, whose output is the JSON alone', async () => {
    const cwd = await templates.started({provider: 'openai', name: 'onscreen', limit: 4})
    const result = await runBenchInTerminal(['results', 'onscreen', '--json'], {cwd, env: bench.env})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({name: 'onscreen', succeeded: 4, failed: 0})
  })
})
