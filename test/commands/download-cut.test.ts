import {readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {CuttingProxy} from '../support/cutting-proxy.js'
import {PreparedTemplates, readResults, sampleIds, useBenchEmulator} from '../support/emulator.js'

const bench = useBenchEmulator()
const templates = new PreparedTemplates(bench)

let proxy: CuttingProxy | undefined
afterEach(async () => {
  await proxy?.close()
  proxy = undefined
})

describe('bench results when the download of the output file is cut part-way', () => {
  it('fails in one line, writes no results file, and a re-run downloads it whole', async () => {
    const name = 'cut_download'
    const cwd = await templates.started({provider: 'openai', name, limit: 4})
    const direct = new URL(bench.env.OPENAI_BASE_URL!)
    // The output file's first 300 bytes arrive, then the connection closes; every other call passes.
    proxy = await CuttingProxy.start(direct.origin, (method, path) => (method === 'GET' && /\/files\/[^/]+\/content$/.test(path) ? {kind: 'truncate', bytes: 300} : undefined))
    const cut = await bench.bench(cwd, ['results', name], {OPENAI_BASE_URL: proxy.url + direct.pathname})
    expect(proxy.count('truncate')).toBeGreaterThan(0)
    expect(cut.code).not.toBe(0)
    expect(cut.stderr.trim().split('\n'), cut.stderr).toHaveLength(1)
    expect(cut.stdout).toBe('')
    expect(cut.stderr).toMatch(/^Error: .*(terminated|closed|ECONNRESET|cut)/i)
    expect(await readdir(join(cwd, 'results')).catch(() => [])).toEqual([])

    const whole = await bench.bench(cwd, ['results', name])
    expect(whole.code, whole.stderr).toBe(0)
    const lines = await readResults(cwd, name)
    expect(lines.map((line) => line.custom_id).sort()).toEqual(await sampleIds(4))
    expect(lines.every((line) => line.ok)).toBe(true)
  })
})
