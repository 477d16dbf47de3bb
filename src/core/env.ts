import {existsSync, readFileSync} from 'node:fs'
import {parseEnv} from 'node:util'

/** The file of keys and settings in the working directory. */
export const DOTENV_FILE = '.env'

/**
 * Variables a `.env` may not set: they say where the user's own configuration lives (the
 * allowance of other hosts, core/destinations), and a file in the working directory must not
 * move it into the working directory.
 */
const NOT_FROM_DOTENV: ReadonlySet<string> = new Set(['HOME', 'XDG_CONFIG_HOME'])

/** The variables `.env` supplied, so a card or a refusal can say where a setting came from. */
const fromDotEnv = new Set<string>()

/**
 * Loads `.env` from the working directory. Variables already set in the environment win, so a
 * CI secret or a one-off `KEY=... bench start` is never overridden by a stale file.
 */
export function loadDotEnv(path = DOTENV_FILE): void {
  if (!existsSync(path)) return
  for (const [name, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
    if (process.env[name] !== undefined || NOT_FROM_DOTENV.has(name)) continue
    process.env[name] = value
    fromDotEnv.add(name)
  }
}

/** Where a variable's value came from: `.env`, or the environment bench was started in. */
export function variableSource(name: string): 'the environment' | typeof DOTENV_FILE {
  return fromDotEnv.has(name) ? DOTENV_FILE : 'the environment'
}
