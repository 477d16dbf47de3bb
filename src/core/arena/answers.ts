import type {ProviderName} from '../../providers/names.js'

/** One prompt of the arena: a conversation of one or more user turns (MT-bench has two). */
export interface ArenaPrompt {
  id: string
  category?: string
  /** The user's messages, in order; a model's answer has one message per turn. */
  turns: string[]
}

/** How bench knows a model's vendor, which decides which judges may rate it. */
export type VendorBasis = 'batch record' | 'model name' | '--model-vendor' | 'unknown'

export interface ArenaModel {
  name: string
  /** The vendor whose judges sit out on this model's pairs; absent when unknown (no judge sits out). */
  vendor?: ProviderName
  vendor_from: VendorBasis
}

/** Where the prompts and answers were read from, as the arena record keeps it. */
export type AnswerSource =
  | {kind: 'mtbench'; questions: string; answers: string[]}
  | {kind: 'bench results'; files: {file: string; batch: string; model: string}[]}

/** Prompts, and each model's answers to them: every model answers a prompt with one text per turn. */
export interface AnswerSet {
  source: AnswerSource
  prompts: ArenaPrompt[]
  models: ArenaModel[]
  /** model name -> prompt id -> one answer per turn. */
  answers: Map<string, Map<string, string[]>>
}
