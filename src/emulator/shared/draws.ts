import {seededRandom} from './responder.js'

/**
 * The draws that decide which lines and calls a fault hits: deterministic for a key (seed,
 * vendor, custom_id or call, attempt), so a run with the same seed hits the same requests.
 */

/** One number in [0, 1) for a key. */
export function unitDraw(key: string): number {
  return seededRandom(key)()
}

/** `floor + share`, rounded to 12 places so that stacked shares meet exactly (0.2 + 0.1 is 0.3). */
export function stackShare(floor: number, share: number): number {
  return Math.round((floor + share) * 1e12) / 1e12
}
