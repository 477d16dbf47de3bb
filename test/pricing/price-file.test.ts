import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {findPrice, loadPriceTable} from '../../src/core/pricing/price-table.js'

let directory: string
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'bench-price-file-'))
})

let files = 0
/** Writes `content` (objects as JSON) as a price file and returns its path. */
async function priceFile(content: unknown): Promise<string> {
  const path = join(directory, `prices-${(files += 1)}.json`)
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

const PRICE = {input: 1, cached_input: 0.1, output: 4}
const withModel = (fields: Record<string, unknown>): unknown => ({providers: {acme: {models: {m: {...PRICE, ...fields}}}}})

describe('a price file ($BENCH_PRICES or --prices) is refused in one line naming the field', () => {
  it.each<[string, unknown, string]>([
    ['a run_labels that is no regular expression', {run_labels: '(', providers: {}}, 'run_labels must be a regular expression, e.g. "-(?:low|medium|high)$"'],
    ['a run_labels that is a number', {run_labels: 3, providers: {}}, 'run_labels must be a regular expression'],
    ['no providers', {models: {}}, 'has no "providers" object: shape it like bench\'s data/prices.json'],
    ['null', null, 'has no "providers" object'],
    ['a discount above 1', {providers: {acme: {batch_discount: 1.5, models: {}}}}, 'providers.acme.batch_discount must be a number from 0 to 1'],
    ['a provider without models', {providers: {acme: null}}, 'providers.acme.models must be an object of model prices'],
    ['a model without prices', {providers: {acme: {models: {m: null}}}}, 'providers.acme.models.m.input must be a non-negative number (USD per million tokens)'],
    ["a model's discount as text", withModel({batch_discount: '50%'}), 'providers.acme.models.m.batch_discount must be a number from 0 to 1'],
    ['aliases that are not a list of names', withModel({aliases: ['m2', 3]}), 'providers.acme.models.m.aliases must be a list of model names'],
  ])('%s', async (_, content, message) => {
    const path = await priceFile(content)
    expect(() => loadPriceTable(path)).toThrow(message)
    expect(() => loadPriceTable(path)).toThrow(path)
  })

  it('a file that is missing or not JSON names the path and the reason', async () => {
    const missing = join(directory, 'gone.json')
    expect(() => loadPriceTable(missing)).toThrow(`cannot read the price file ${missing} (ENOENT): pass a JSON file shaped like bench's data/prices.json`)
    const broken = await priceFile('{"providers": ')
    expect(() => loadPriceTable(broken)).toThrow(new RegExp(`^cannot read the price file ${broken} \\(.*JSON.*\\): pass a JSON file`))
  })
})

describe("a price file's own provider", () => {
  it('is priced with no discount when it gives none; a model of it is found by its run label; an unknown provider or model has no price', async () => {
    const table = loadPriceTable(await priceFile({run_labels: '-(?:fast|slow)$', providers: {acme: {models: {m: PRICE}}}}))
    expect(findPrice(table, 'acme', 'm-fast')).toEqual({...PRICE, batch_discount: 0, listed_as: 'm', matched_by: 'run label'})
    expect(findPrice(table, 'acme', undefined)).toBeUndefined()
    expect(findPrice(table, undefined, 'm')).toBeUndefined()
    expect(findPrice(table, 'nobody', 'm')).toBeUndefined()
  })
})
