import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {scratchDir} from '../support/cli.js'

/** A one-page PDF, a PNG and a text file: the three kinds of attachment a scenario sends. */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
export const NOTES = 'Clause 4: the tenant pays the water bill.'

/** A scratch directory holding `docs/contract.pdf`, `img/chart.png`, `notes.txt` and the scenario. */
export async function scenarioDir(scenario: object, fileName = 'scenario.json'): Promise<string> {
  const cwd = await scratchDir('bench-scenario-')
  await mkdir(join(cwd, 'docs'))
  await mkdir(join(cwd, 'img'))
  await writeFile(join(cwd, 'docs/contract.pdf'), PDF_BYTES)
  await writeFile(join(cwd, 'img/chart.png'), Buffer.from(PNG_BASE64, 'base64'))
  await writeFile(join(cwd, 'notes.txt'), NOTES)
  await writeFile(join(cwd, fileName), JSON.stringify(scenario))
  return cwd
}

export const ATTACHMENTS = ['docs/contract.pdf', 'img/chart.png', 'notes.txt']
