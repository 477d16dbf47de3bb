import {lineError} from '../errors.js'
import {readLinesSync} from '../jsonl.js'

/** Slots in a new table; it doubles whenever it is half full. */
const INITIAL_SLOTS = 1 << 12

/**
 * Rejects a repeated riddle id in one file, naming both lines. Keeps a 53-bit hash of each id, not
 * the id: 8 bytes an id, outside V8's heap, where a Map of the strings took about 60 inside it
 * and made `prepare`'s peak memory grow with the dataset (45 MB more at 300,000 riddles).
 *
 * A hash seen before is settled by the file itself: the earlier line with the same id is looked
 * up, so the error names it, and two different ids that share a hash (about one chance in 20,000
 * for a million ids) cost a re-read of the file, never a wrong error.
 */
export class UniqueIds {
  /** Open addressing, linear probing: each slot holds an id's hash plus one, 0 when empty. */
  private slots = new Float64Array(INITIAL_SLOTS)
  private count = 0

  constructor(private readonly file: string) {}

  /** Records the id of `line`; throws when an earlier line of the file has the same id. */
  add(id: string, line: number): void {
    const key = idHash(id) + 1
    if (!this.insert(key)) {
      const first = firstLineWithId(this.file, id, line)
      if (first !== undefined) {
        throw lineError(this.file, line, 'id', `duplicate id "${id}", already used on line ${first}; every riddle needs its own id`)
      }
      return
    }
    this.count += 1
    if (this.count * 2 > this.slots.length) this.grow()
  }

  /** Puts `key` in its slot; false when it was there already. */
  private insert(key: number): boolean {
    const mask = this.slots.length - 1
    for (let slot = key % this.slots.length; ; slot = (slot + 1) & mask) {
      if (this.slots[slot] === key) return false
      if (this.slots[slot] === 0) {
        this.slots[slot] = key
        return true
      }
    }
  }

  private grow(): void {
    const old = this.slots
    this.slots = new Float64Array(old.length * 2)
    for (const key of old) if (key !== 0) this.insert(key)
  }
}

/** The first line before `before` whose riddle has this id; undefined when only the hash was shared. */
function firstLineWithId(file: string, id: string, before: number): number | undefined {
  for (const {line, text} of readLinesSync(file)) {
    if (line >= before) return undefined
    // Lines before `before` were checked when read, so each is a riddle object.
    if ((JSON.parse(text) as {id: unknown}).id === id) return line
  }
  return undefined
}

/**
 * A 53-bit hash of a string (the largest integer a double holds exactly): two 32-bit
 * multiply-xorshift lanes over the UTF-16 code units, mixed at the end, after bryc's public
 * domain cyrb53.
 */
export function idHash(text: string): number {
  let first = 0xdeadbeef
  let second = 0x41c6ce57
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    first = Math.imul(first ^ code, 2654435761)
    second = Math.imul(second ^ code, 1597334677)
  }
  first = Math.imul(first ^ (first >>> 16), 2246822507)
  first ^= Math.imul(second ^ (second >>> 13), 3266489909)
  second = Math.imul(second ^ (second >>> 16), 2246822507)
  second ^= Math.imul(first ^ (first >>> 13), 3266489909)
  return 4294967296 * (2097151 & second) + (first >>> 0)
}
