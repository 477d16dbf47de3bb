import {UserError} from '../errors.js'
import {Random} from '../score/random.js'
import type {AnswerSet} from './answers.js'

/** Two models' answers to one prompt, compared turn by turn. `model_a` comes first in the arena's model order. */
export interface ArenaPair {
  id: string
  prompt: string
  model_a: string
  model_b: string
}

/** Which pairs to make: every pair of models, or each against a baseline; all of them, or a seeded sample. */
export interface Pairing {
  /** Each model against this one only (as Arena-Hard does). */
  baseline?: string
  /** A random sample of this many pairs, balanced across the model pairs. */
  sample?: {pairs: number; seed: number}
}

/** A model without an answer to some prompts: its pairs on those prompts are left out. */
export interface MissingAnswers {
  model: string
  prompts: number
  /** The first few prompt ids, for the card. */
  examples: string[]
}

export interface PairingOutcome {
  pairs: ArenaPair[]
  /** Pairs possible before sampling. */
  candidates: number
  missing: MissingAnswers[]
}

/**
 * The pairs of an arena, in prompt order then model order. Ids are `p` and a zero-padded number,
 * short enough for every vendor's request ids once a turn and an order are added.
 */
export function makePairs(set: AnswerSet, pairing: Pairing): PairingOutcome {
  const names = set.models.map((model) => model.name)
  if (pairing.baseline !== undefined && !names.includes(pairing.baseline)) {
    throw new UserError(`--baseline ${pairing.baseline} is not a model of these answers (${names.join(', ')})`)
  }
  const modelPairs: [string, string][] = []
  for (const [i, first] of names.entries()) {
    for (const second of names.slice(i + 1)) {
      if (pairing.baseline === undefined || first === pairing.baseline || second === pairing.baseline) modelPairs.push([first, second])
    }
  }
  const answered = (model: string, prompt: string): boolean => set.answers.get(model)?.has(prompt) === true
  const groups = modelPairs.map(([a, b]) => set.prompts.filter((prompt) => answered(a, prompt.id) && answered(b, prompt.id)).map((prompt) => ({prompt: prompt.id, model_a: a, model_b: b})))
  const candidates = groups.reduce((sum, group) => sum + group.length, 0)
  if (candidates === 0) throw new UserError('no prompt has answers from two of the models being paired: nothing to compare')
  const chosen = pairing.sample === undefined ? groups.flat() : sampleBalanced(groups, pairing.sample.pairs, pairing.sample.seed, candidates)
  const order = new Map(set.prompts.map((prompt, index) => [prompt.id, index]))
  const pairIndex = new Map(modelPairs.map(([a, b], index) => [`${a}\n${b}`, index]))
  chosen.sort((x, y) => order.get(x.prompt)! - order.get(y.prompt)! || pairIndex.get(`${x.model_a}\n${x.model_b}`)! - pairIndex.get(`${y.model_a}\n${y.model_b}`)!)
  const width = Math.max(3, String(chosen.length).length)
  return {
    pairs: chosen.map((pair, index) => ({id: `p${String(index + 1).padStart(width, '0')}`, ...pair})),
    candidates,
    missing: missingAnswers(set),
  }
}

/**
 * `count` pairs spread as evenly as the model pairs allow: each gets an equal share, capped by
 * the prompts it has, and what a small group cannot take goes to the others. Groups are served
 * smallest first, so the last ones take what the floors left over, and since `count` is at most
 * the candidates nothing is left at the end. Ties in size, and the prompts each group gets, are
 * drawn from the seed.
 */
function sampleBalanced<T>(groups: T[][], count: number, seed: number, candidates: number): T[] {
  if (!Number.isInteger(count) || count < 1) throw new UserError(`--pairs takes a whole number of at least 1, got ${count}`)
  if (count > candidates) throw new UserError(`--pairs ${count} is more than the ${candidates} pairs these answers allow: ask for at most ${candidates}, or drop --pairs for all of them`)
  const random = new Random(seed)
  const order = shuffle(groups.map((_, index) => index), random).sort((a, b) => groups[a]!.length - groups[b]!.length)
  const chosen: T[] = []
  let remaining = count
  for (const [position, index] of order.entries()) {
    const group = groups[index]!
    const share = Math.min(group.length, Math.floor(remaining / (order.length - position)))
    chosen.push(...shuffle([...group], random).slice(0, share))
    remaining -= share
  }
  return chosen
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random.float() * (index + 1))
    ;[items[index], items[other]] = [items[other]!, items[index]!]
  }
  return items
}

function missingAnswers(set: AnswerSet): MissingAnswers[] {
  return set.models.flatMap((model) => {
    const answers = set.answers.get(model.name)
    const missing = set.prompts.filter((prompt) => answers?.has(prompt.id) !== true).map((prompt) => prompt.id)
    return missing.length === 0 ? [] : [{model: model.name, prompts: missing.length, examples: missing.slice(0, 5)}]
  })
}
