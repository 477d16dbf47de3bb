import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {inflateSync} from 'node:zlib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {compareModels} from '../../src/core/compare/compare.js'
import {renderComparison} from '../../src/report/render.js'
import {writeBatchlingFixture, writeDataset} from '../compare/fixtures.js'
import {CANDIDATES_REPORT, JUDGES_SCRIPT_PROBE} from '../judges/candidates-report-fixture.js'
import {BROWSER_TAG} from '../support/summary-reporter.js'
import {CHROMIUM, HeadlessPage} from './chromium.js'

const SCRIPT_PROBE = '<script>window.__xss = "script"</script>'
const IMAGE_PROBE = '<img src=x onerror="window.__xss = \'img\'">'
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts')

let directory: string
let html: string
let page: HeadlessPage | undefined

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'bench-report-'))
  await writeBatchlingFixture(join(directory, 'llm'), {
    riddles: 60,
    models: [
      {provider: 'openai', model: 'gpt-5.1', skill: 0.85, answer: (index) => (index === 0 ? SCRIPT_PROBE : index === 1 ? IMAGE_PROBE : `answer ${index}`)},
      {provider: 'gemini', model: 'gemini-3-pro', skill: 0.6},
      {provider: 'mistral', model: 'mistral-large-2512', skill: 0.3},
    ],
    judges: [
      {provider: 'anthropic', model: 'claude-opus-4-5'},
      {provider: 'gemini', model: 'gemini-3-pro-preview'},
      {provider: 'openai', model: 'gpt-5-1'},
    ],
  })
  const dataset = await writeDataset(join(directory, 'dataset.jsonl'), 60)
  const comparison = await compareModels({paths: [join(directory, 'llm')], field: 'both_correct', dataset, resamples: 1000, seed: 0, answers: true})
  // With a bench judges run (--judges) whose first candidate is named with a script.
  html = await renderComparison(comparison, 'html', {candidateJudges: CANDIDATES_REPORT})
  await writeFile(join(directory, 'report.html'), html)
})

afterAll(async () => {
  await page?.close()
  await rm(directory, {recursive: true, force: true})
})

describe('the HTML report as a file', () => {
  it('escapes model text and candidate judges\' names: no element of them reaches the markup', () => {
    expect(html).not.toContain('<img')
    expect(html.match(/<script/g)).toHaveLength(2)
    expect(html).toContain('\\u003cscript>window.__xss')
    expect(html).toContain('<td>openai/&lt;script&gt;window.__xss = &quot;judges&quot;&lt;/script&gt;</td>')
  })

  it('needs nothing from the network', () => {
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
    expect(html).toContain("default-src 'none'")
  })
})

describe.skipIf(CHROMIUM === undefined)(`the HTML report in headless Chromium${CHROMIUM === undefined ? ' (skipped: no chromium installed, apt-get install chromium)' : ''}`, {tags: [BROWSER_TAG]}, () => {
  beforeAll(async () => {
    page = await HeadlessPage.launch(CHROMIUM as string)
    await page.open(pathToFileURL(join(directory, 'report.html')).href)
  })

  it('loads with no console error and no request but the page itself', () => {
    expect(page!.events.errors).toEqual([])
    expect(page!.events.requests).toEqual([pathToFileURL(join(directory, 'report.html')).href])
  })

  it('draws the charts: an interval per model, a bar per model and category, the significance grid', async () => {
    const counts = await page!.evaluate<{intervals: number; bars: number; matrix: number}>(
      `({intervals: document.querySelectorAll('#leaderboard svg g.interval circle').length,
         bars: document.querySelectorAll('#categories svg rect.bar').length,
         matrix: document.querySelectorAll('#significance-matrix td.matrix').length})`,
    )
    expect(counts).toEqual({intervals: 3, bars: 9, matrix: 9})
  })

  it('filters the riddle table by text, model and outcome', async () => {
    const shown = (): Promise<{count: string; rows: number}> =>
      page!.evaluate(`({count: document.getElementById('riddle-count').textContent, rows: document.querySelectorAll('#riddle-table tbody tr').length})`)
    expect(await shown()).toEqual({count: '60 of 60 riddles, page 1 of 3', rows: 60})
    await page!.evaluate(`(() => { const input = document.getElementById('riddle-search'); input.value = 'R-0042'; input.dispatchEvent(new Event('input')) })()`)
    expect(await shown()).toEqual({count: '1 of 60 riddles, page 1 of 1', rows: 3})
    await page!.evaluate(`(() => { const select = document.getElementById('riddle-model'); select.value = '0'; select.dispatchEvent(new Event('input')) })()`)
    expect((await shown()).rows).toBe(1)
    await page!.evaluate(`(() => {
      const input = document.getElementById('riddle-search'); input.value = ''; input.dispatchEvent(new Event('input'))
      const outcome = document.getElementById('riddle-outcome'); outcome.value = 'unsolved'; outcome.dispatchEvent(new Event('input'))
    })()`)
    const unsolved = await page!.evaluate<string[]>(`[...document.querySelectorAll('#riddle-table td.good')].map((cell) => cell.textContent)`)
    expect(unsolved).toEqual([])
  })

  it('keeps the XSS probes inert: shown as text, never run', async () => {
    await page!.evaluate(`(() => {
      const outcome = document.getElementById('riddle-outcome'); outcome.value = 'all'; outcome.dispatchEvent(new Event('input'))
      const select = document.getElementById('riddle-model'); select.value = '0'; select.dispatchEvent(new Event('input'))
    })()`)
    const state = await page!.evaluate<{flag: unknown; images: number; scripts: number; text: string}>(
      `({flag: window.__xss ?? null, images: document.querySelectorAll('img').length, scripts: document.scripts.length,
         text: [...document.querySelectorAll('#riddle-table td.answer')].slice(0, 2).map((cell) => cell.textContent).join('\\n')})`,
    )
    expect(state).toEqual({flag: null, images: 0, scripts: 2, text: `${SCRIPT_PROBE}\n${IMAGE_PROBE}`})
    expect(page!.events.errors).toEqual([])
  })

  it('shows the candidate judges: their tables, the kappa grid, a link to them, the script in a name as text', async () => {
    const shown = await page!.evaluate<{link: boolean; first: string; rows: number; grid: string[]; tables: string[]}>(
      `({link: document.querySelector('nav a[href="#candidate-judges"]') !== null,
         first: document.querySelector('#table-candidates tbody td').textContent,
         rows: document.querySelectorAll('#table-candidates tbody tr').length,
         grid: [...document.querySelectorAll('#candidate-kappa-matrix td.matrix')].map((cell) => cell.textContent),
         tables: [...document.querySelectorAll('#candidate-judges table')].map((table) => table.id)})`,
    )
    expect(shown).toEqual({
      link: true,
      first: `openai/${JUDGES_SCRIPT_PROBE}`,
      rows: 2,
      grid: ['', '0.80', '0.80', ''],
      tables: ['table-candidates', 'candidate-kappa-matrix', 'table-repeats', 'table-cost-and-time'],
    })
    expect(await page!.evaluate('window.__xss ?? null')).toBeNull()
  })

  it('keeps a screenshot in test-artifacts/', async () => {
    await page!.evaluate(`window.scrollTo(0, 0)`)
    const png = await page!.screenshot()
    await mkdir(ARTIFACTS, {recursive: true})
    await writeFile(join(ARTIFACTS, 'compare-report.png'), png)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    // The picture is the page, not an empty frame: as wide as the window, as tall as the report,
    // and its pixels are not one colour (a blank page inflates to a handful of byte values).
    const page_ = await page!.evaluate<{width: number; height: number; ratio: number}>(
      `({width: window.innerWidth, height: document.documentElement.scrollHeight, ratio: window.devicePixelRatio})`,
    )
    const {width, height, pixels} = decodePng(png)
    // (The window's width, less the scroll bar's.)
    expect(width).toBeGreaterThan(0.95 * page_.width * page_.ratio)
    expect(width).toBeLessThanOrEqual(page_.width * page_.ratio)
    expect(height).toBeGreaterThanOrEqual(Math.round(Math.min(page_.height, 1800) * page_.ratio))
    expect(new Set(pixels).size).toBeGreaterThan(64)
  })
})

/** A PNG's size (from its IHDR chunk) and its pixel rows as stored (IDAT chunks, inflated). */
function decodePng(png: Buffer): {width: number; height: number; pixels: Buffer} {
  const idat: Buffer[] = []
  let width = 0
  let height = 0
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('latin1', offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
    } else if (type === 'IDAT') idat.push(data)
    offset += 12 + length
  }
  return {width, height, pixels: inflateSync(Buffer.concat(idat))}
}
