import type {Split} from '../batch/manifest.js'

/** One Layton riddle, as in the Hub dataset `rvienne/layton-eval` (reference layton-eval.md §1). */
export interface Riddle {
  id: string
  category: string
  description: string
  url: string
  picarats: number | null
  first_hint: string | null
  second_hint: string | null
  third_hint: string | null
  special_hint: string | null
  solution: string | null
  answer: string
  justification: string
  split: Exclude<Split, 'full'>
  /** Base64 JPEG (or PNG), no `data:` prefix. */
  img: string
}
