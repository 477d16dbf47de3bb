import {readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'

import {UserError} from '../errors.js'

/**
 * The user's own allowance of hosts other than a vendor's for its key (a company proxy, a
 * gateway): `--allow-host HOST` on the command line, or `allow_hosts` in the user's configuration,
 * which lives outside any working directory. Never a file in the working directory, nor `.env`:
 * a repository someone clones can carry those (see core/env.ts).
 */

/** Hosts allowed by the command's `--allow-host` flags, for this process. */
let flagged: readonly string[] = []

/** Records the hosts of `--allow-host`; called once by each command that sends. */
export function allowHosts(hosts: readonly string[] | undefined): void {
  flagged = (hosts ?? []).map(normalizedHost)
}

/** The hosts of `--allow-host`, to hand on to a child process (the endpoint worker). */
export function allowedByFlag(): readonly string[] {
  return flagged
}

/** `~/.config/bench/config.json`, or under `$XDG_CONFIG_HOME`: never inside the working directory's reach. */
export function userConfigPath(): string {
  const base = process.env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config')
  return join(base, 'bench', 'config.json')
}

/** The path as the user would type it: `~/...` for their home. */
export function displayedConfigPath(): string {
  const path = userConfigPath()
  const home = homedir()
  return path.startsWith(`${home}/`) ? `~/${path.slice(home.length + 1)}` : path
}

/** What allows `host`, or undefined: the flag first, then the user's configuration (read only when needed). */
export function hostAllowance(host: URL): 'allowed by --allow-host' | `allowed in ${string}` | undefined {
  const names = [host.hostname, host.host].map(normalizedHost)
  if (names.some((name) => flagged.includes(name))) return 'allowed by --allow-host'
  if (names.some((name) => configuredHosts().includes(name))) return `allowed in ${displayedConfigPath()}`
  return undefined
}

let configured: readonly string[] | undefined

function configuredHosts(): readonly string[] {
  configured ??= readConfiguredHosts()
  return configured
}

function readConfiguredHosts(): readonly string[] {
  const path = userConfigPath()
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`)
  }
  let hosts: unknown
  try {
    hosts = (JSON.parse(text) as {allow_hosts?: unknown} | null)?.allow_hosts
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message}): write {"allow_hosts": ["proxy.example.com"]}`)
  }
  if (hosts === undefined) return []
  if (!Array.isArray(hosts) || !hosts.every((host) => typeof host === 'string')) {
    throw new UserError(`${path}: "allow_hosts" must be a list of host names, e.g. {"allow_hosts": ["proxy.example.com"]}`)
  }
  return hosts.map(normalizedHost)
}

/** Host names compare without case, IPv6 brackets kept as URL writes them. */
function normalizedHost(host: string): string {
  return host.trim().toLowerCase()
}
