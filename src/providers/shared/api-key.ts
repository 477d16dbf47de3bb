import {UserError} from '../../core/errors.js'

/**
 * The vendor key from the first of `variables` that is set. Missing is the user's to fix, so
 * the message names the variable and `.env`; the key itself is never echoed anywhere.
 */
export function requireApiKey(variables: readonly [string, ...string[]]): string {
  for (const variable of variables) {
    const value = process.env[variable]?.trim()
    if (value) return value
  }
  const names = variables.join(' or ')
  throw new UserError(`${names} is not set: add it to .env in this directory or export it in your shell`)
}
