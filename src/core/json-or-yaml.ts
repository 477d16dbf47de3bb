import {readFile} from 'node:fs/promises'
import {extname} from 'node:path'

import {parse as parseYaml} from 'yaml'

import {UserError} from './errors.js'

/**
 * A user's settings file, JSON or (for .yaml and .yml) YAML, parsed; `role` names it in the
 * one-line errors ("rubric file"), `flag` says where the path came from ("--rubric").
 */
export async function readJsonOrYaml(file: string, role: string, flag: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UserError(`cannot read ${role} ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}): check the path given to ${flag}`)
  }
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase())
  try {
    return yaml ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown)
  } catch (error) {
    throw new UserError(`${role} ${file} is not valid ${yaml ? 'YAML' : 'JSON'} (${(error as Error).message.split('\n')[0]})`)
  }
}
