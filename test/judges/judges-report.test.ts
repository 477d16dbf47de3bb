import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {readCandidatesReport} from '../../src/core/judges/saved-report.js'
import {renderComparison} from '../../src/report/render.js'
import {CANDIDATES_REPORT, JUDGES_SCRIPT_PROBE} from './candidates-report-fixture.js'

const CHOICE = 'Choose gemini/cheap: the cheapest candidate whose kappa against people is within 0.05 of the best'

describe("a bench judges run in compare's report formats", () => {
  it("the judges page (bench judges --html) is compare's page with the candidate judges' section alone", async () => {
    const html = await renderComparison(undefined, 'html', {candidateJudges: CANDIDATES_REPORT})
    for (const id of ['candidate-judges', 'judges-choice', 'table-candidates', 'candidate-kappa-matrix', 'table-repeats', 'table-cost-and-time']) expect(html).toContain(`id="${id}"`)
    expect(html).toContain('<h1>Candidate judges</h1>')
    expect(html).toContain('<nav><a href="#candidate-judges">candidate-judges</a></nav>')
    // The closing choice heads the section, once.
    expect(html.split(CHOICE)).toHaveLength(2)
    expect(html).toMatch(new RegExp(`<p class="summary" id="judges-choice">${CHOICE}`))
    expect(html).toContain('<td class="number">$0.5000</td>')
    expect(html).toContain('<td class="matrix" style="background: hsl(210 70% 61.4%)">0.80</td>')
    // The grid stands for the pairs' table in HTML.
    expect(html).not.toContain('id="table-candidate-agreement"')
  })

  it('escapes every text from outside: candidate names and file names never reach the markup', async () => {
    const html = await renderComparison(undefined, 'html', {candidateJudges: CANDIDATES_REPORT})
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;script&gt;window.__xss')
    expect(html).toContain("default-src 'none'")
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
  })

  it.each(['table', 'md'] as const)('%s carries the candidates, their agreement, repeats, cost and time, and the closing line', async (format) => {
    const output = await renderComparison(undefined, format, {candidateJudges: CANDIDATES_REPORT})
    for (const title of ['Candidates against people', "Candidates against each other: Cohen's kappa", 'Each candidate against itself, over 3 repeats', 'Errors, time and cost']) expect(output).toContain(title)
    expect(output).toContain(CHOICE)
    expect(output).toMatch(/gemini\/cheap\W+100\W+0\.80/)
  })

  it('csv carries the same tables, one section each, names quoted as they are', async () => {
    const output = await renderComparison(undefined, 'csv', {candidateJudges: CANDIDATES_REPORT})
    const sections = output.split('\n').filter((line) => line.startsWith('section,')).length
    expect(sections).toBe(4)
    expect(output).toContain(`candidate-agreement,"openai/${JUDGES_SCRIPT_PROBE.replaceAll('"', '""')}",gemini/cheap,100,0.8\n`)
    expect(output).toContain('cost-and-time,gemini/cheap,6,1,0,0,')
  })

  it('json carries the report as it is, under candidate_judges', async () => {
    const output = JSON.parse(await renderComparison(undefined, 'json', {candidateJudges: CANDIDATES_REPORT})) as Record<string, unknown>
    expect(output).toEqual({candidate_judges: CANDIDATES_REPORT})
  })
})

describe('reading a saved judges report (bench compare --judges)', () => {
  let directory: string
  const write = async (name: string, content: unknown): Promise<string> => {
    const file = join(directory, name)
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content))
    return file
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'bench-judges-report-'))
  })

  it('reads back what bench judges saved', async () => {
    expect(await readCandidatesReport(await write('judges_x.json', CANDIDATES_REPORT))).toEqual(CANDIDATES_REPORT)
  })

  const [first, second] = CANDIDATES_REPORT.candidates
  it.each([
    ['a kappa that is text', {...CANDIDATES_REPORT, candidates: [{...first, metrics: {...first!.metrics, cohen_kappa: {value: 'high', low: null, high: null}}}, second]}, 'candidates[0].metrics.cohen_kappa.value must be a number or null'],
    ['a cost that is neither a number nor unknown', {...CANDIDATES_REPORT, candidates: [first, {...second, cost_per_1000_verdicts: 'free'}]}, 'candidates[1].cost_per_1000_verdicts must be a number or "unknown"'],
    ['a missing field', {...CANDIDATES_REPORT, agreement: undefined}, 'agreement is missing'],
    ['a pair naming no candidate', {...CANDIDATES_REPORT, agreement: [{first: 'gemini/cheap', second: 'mistral/other', n: 1, cohen_kappa: null}]}, '"mistral/other" is named but is not among its candidates'],
    ['a cheaper choice without its comparison', {...CANDIDATES_REPORT, choice: {...CANDIDATES_REPORT.choice, versus_best: undefined}}, 'choice.versus_best and choice.distinguishable are missing'],
    ['a compare report', {leaderboard: []}, 'name is missing'],
    ['a list', [CANDIDATES_REPORT], 'the file must be an object'],
    ['labels of an unknown kind', {...CANDIDATES_REPORT, labels: {...CANDIDATES_REPORT.labels, kind: 'csv'}}, 'labels.kind must be "layton pool" or "jsonl"'],
  ])('refuses %s in one line naming the field', async (_, content, problem) => {
    const file = await write('bad.json', content)
    await expect(readCandidatesReport(file)).rejects.toThrow(`${file} is not a bench judges report: ${problem}`)
  })

  it('refuses a file that is not JSON, and a run that saved nothing, saying what to pass', async () => {
    await expect(readCandidatesReport(await write('broken.json', '{"name":'))).rejects.toThrow(/^judges report .*broken\.json is not valid JSON/)
    await expect(readCandidatesReport('judges_never_run')).rejects.toThrow(/^cannot read judges report results\/judges_never_run\.json \(ENOENT\): check the path given to --judges/)
  })
})
