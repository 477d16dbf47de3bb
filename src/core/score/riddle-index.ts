/**
 * custom_id -> dense index, for a million riddles. An open-addressing table of Int32 slots over
 * the id array itself: about half the time and a fraction of the memory of a Map<string, number>
 * at that size, which matters because scoring should cost little more than parsing the files.
 */
export class RiddleIndex {
  /** The ids, in the order they were added; an id's index is its position here. */
  readonly ids: string[] = []
  /** 0 = empty, else index + 1. Kept at most half full so probes stay short. */
  private slots = new Int32Array(1 << 12)

  /** The index of `id`, adding it when new. */
  intern(id: string): number {
    const mask = this.slots.length - 1
    for (let slot = hash(id) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] as number
      if (entry === 0) {
        this.slots[slot] = this.ids.push(id)
        if (this.ids.length * 2 > this.slots.length) this.rehash()
        return this.ids.length - 1
      }
      if (this.ids[entry - 1] === id) return entry - 1
    }
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2)
    const mask = this.slots.length - 1
    this.ids.forEach((id, index) => {
      let slot = hash(id) & mask
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask
      this.slots[slot] = index + 1
    })
  }
}

/** FNV-1a over UTF-16 code units. */
function hash(text: string): number {
  let value = 0x811c9dc5
  for (let position = 0; position < text.length; position++) value = Math.imul(value ^ text.charCodeAt(position), 0x01000193)
  return value >>> 0
}
