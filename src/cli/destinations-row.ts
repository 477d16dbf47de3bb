import type {Destination} from '../core/destinations/destination.js'

/**
 * The `sends to` row of a sending command's card: one line per host, whose requests go there,
 * and the settings that chose a host other than the vendor's default, e.g.
 * `127.0.0.1:4010  openai · OPENAI_BASE_URL in the environment · loopback`.
 */
export function sendsToRow(destinations: readonly Destination[]): [string, string | undefined] {
  return ['sends to', destinations.length === 0 ? undefined : destinations.map(describeDestination).join('\n')]
}

/** The destinations of several starts, each once. */
export function uniqueDestinations(destinations: readonly Destination[]): Destination[] {
  const seen = new Map<string, Destination>()
  for (const destination of destinations) seen.set(`${destination.to} ${destination.host}`, destination)
  return [...seen.values()]
}

function describeDestination(destination: Destination): string {
  const origins = (destination.set_by ?? []).map(({setting, source}) => `${setting} in ${source}`)
  const allowed = destination.allowed === undefined || destination.allowed === 'own host' ? [] : [destination.allowed]
  return [`${destination.host}  ${destination.to}`, ...origins, ...allowed].join(' · ')
}
