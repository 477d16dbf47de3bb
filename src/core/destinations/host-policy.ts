import {displayedConfigPath, hostAllowance} from './allowance.js'
import {UserError} from '../errors.js'

/** A setting that moved where a key goes, and where it was set: for cards and refusals. */
export interface SettingOrigin {
  /** `OPENAI_BASE_URL`, `endpoints.lab.base_url`... */
  setting: string
  /** `the environment`, `.env`, `bench.endpoints.json`. */
  source: string
}

/** Why a key may go to a host: its owner's own host (a vendor's official one), loopback, or the user's allowance. */
export type Allowance = 'own host' | 'loopback' | 'allowed by --allow-host' | `allowed in ${string}`

/** A key about to be sent somewhere: the refusal, if any, names all of this. */
export interface KeyDestination {
  /** The variable holding the key; never its value. */
  keyVariable: string
  url: URL
  /** Whose key it is, and the origins it belongs at (`OpenAI's`, `https://api.openai.com`). */
  owner: {label: string; origins: readonly string[]}
  /** The settings that chose this URL or this key, when not bench's defaults. */
  setBy: readonly SettingOrigin[]
}

/**
 * Whether the key may go to the URL's host: its owner's own origins (scheme, host and port: a key
 * meant for https never crosses the network in the clear), loopback (the
 * emulator, a local proxy), or a host the user allowed outside the working directory. Throws the
 * one-line refusal otherwise, before anything is sent.
 */
export function guardKeyDestination(destination: KeyDestination): Allowance {
  const allowance = keyAllowance(destination)
  if (allowance !== undefined) return allowance
  throw new UserError(refusal(destination))
}

export function keyAllowance({url, owner}: KeyDestination): Allowance | undefined {
  if (isLoopback(url)) return 'loopback'
  if (owner.origins.includes(url.origin)) return 'own host'
  return hostAllowance(url)
}

/** 127.0.0.0/8, ::1 and `localhost`: the machine itself. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.toLowerCase()
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host)
}

function refusal({keyVariable, url, owner, setBy}: KeyDestination): string {
  const origins = setBy.map(({setting, source}) => `${setting} in ${source}`).join(' and ')
  const cause = origins === '' ? '' : ` (set by ${origins})`
  const home = owner.origins.length === 0 ? 'loopback' : `${owner.origins.join(', ')} or loopback`
  return (
    `refused to send ${keyVariable} to ${url.host}${cause}: it is ${owner.label} key, sent only to ${home}; nothing was sent. ` +
    `If you trust ${url.hostname}, pass --allow-host ${url.hostname}, or list it in "allow_hosts" of ${displayedConfigPath()}`
  )
}
