import {existsSync} from 'node:fs'

/**
 * Loads `.env` from the working directory. Variables already set in the environment win, so a
 * CI secret or a one-off `KEY=... bench start` is never overridden by a stale file.
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path)
}
