import {execFile} from 'node:child_process'
import {readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {promisify} from 'node:util'
import {describe, expect, it} from 'vitest'

import {scratchDir} from '../cli.js'
import {scriptsUnder} from './child-coverage.js'

/** A node process's raw coverage (NODE_V8_COVERAGE) after running two small scripts of a folder. */
async function rawCoverage(): Promise<{raw: Buffer; folderUrl: string}> {
  const folder = await scratchDir('bench-child-coverage-')
  // A function named with the marker, braces and a backslash, which V8 writes as the function's
  // name: the scan must not be fooled by them.
  await writeFile(join(folder, 'helper.mjs'), 'export const tricky = {\'{"scriptId":"9","url":"x"} }}} \\\\\': () => 1}\n')
  await writeFile(join(folder, 'main.mjs'), "import {tricky} from './helper.mjs'\nfor (const run of Object.values(tricky)) console.log(run())\n")
  const output = join(folder, 'coverage')
  await promisify(execFile)(process.execPath, [join(folder, 'main.mjs')], {env: {...process.env, NODE_V8_COVERAGE: output}})
  const [file] = await readdir(output)
  return {raw: await readFile(join(output, file!)), folderUrl: pathToFileURL(folder).href + '/'}
}

describe("a child process's coverage file", () => {
  it('gives exactly the scripts under a folder that a full parse gives, and none of the others', async () => {
    const {raw, folderUrl} = await rawCoverage()
    const parsed = (JSON.parse(raw.toString('utf8')) as {result: {url: string}[]}).result
    const expected = parsed.filter((script) => script.url.startsWith(folderUrl))
    const found = scriptsUnder(raw, folderUrl)
    expect(found.map((script) => script.url).sort()).toEqual([`${folderUrl}helper.mjs`, `${folderUrl}main.mjs`])
    expect(found).toEqual(expected)
    expect(parsed.length).toBeGreaterThan(found.length)
    expect(JSON.stringify(found)).toContain('"functionName":"{\\"scriptId\\":\\"9\\"')
  })

  it('refuses a file cut inside a wanted script', async () => {
    const {raw, folderUrl} = await rawCoverage()
    const cut = raw.subarray(0, raw.indexOf(`${folderUrl}main.mjs`) + 40)
    expect(() => scriptsUnder(cut, folderUrl)).toThrow(/ends inside a script .* it was cut short/)
  })
})
