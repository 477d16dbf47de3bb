/**
 * Vendors state file caps in "MB" without saying which; the decimal reading is the smaller one,
 * so a shard cut to it is under the cap whichever the vendor meant.
 */
export function megabytes(count: number): number {
  return count * 1_000_000
}
